package dev.vigil.agent.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Calls its own JDK HTTP server (which answers GET 200, POST 201, PUT 202, DELETE 204) with
 * each client, so the test can tell them apart by method: java.net.http 3 GETs (2 sync, 1
 * async), HttpURLConnection 2 POSTs, OkHttp 3 PUTs (sync) and 1 DELETE (enqueue).
 */
public final class ClientsApp {
  private ClientsApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      int status;
      switch (ex.getRequestMethod()) {
        case "POST": status = 201; break;
        case "PUT": status = 202; break;
        case "DELETE": status = 204; break;
        default: status = 200;
      }
      ex.sendResponseHeaders(status, status == 204 ? -1 : 2);
      if (status != 204) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write("ok".getBytes());
        }
      }
      ex.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();

    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/jdk")).build();
    jdk.send(get, HttpResponse.BodyHandlers.ofString());
    jdk.send(get, HttpResponse.BodyHandlers.ofString());
    jdk.sendAsync(get, HttpResponse.BodyHandlers.ofString()).get();

    for (int i = 0; i < 2; i++) {
      HttpURLConnection c = (HttpURLConnection) new URL(base + "/url").openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write("x".getBytes());
      }
      c.getResponseCode(); // reads the response ...
      try (InputStream in = c.getInputStream()) { // ... and this must not count it again
        in.readAllBytes();
      }
    }

    OkHttpClient ok = new OkHttpClient();
    for (int i = 0; i < 3; i++) {
      Request put = new Request.Builder().url(base + "/ok")
          .put(RequestBody.create(new byte[] {1})).build();
      try (Response r = ok.newCall(put).execute()) {
        r.body().string();
      }
    }
    CountDownLatch done = new CountDownLatch(1);
    ok.newCall(new Request.Builder().url(base + "/ok").delete().build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, java.io.IOException e) {
        done.countDown();
      }

      @Override
      public void onResponse(Call call, Response response) {
        response.close();
        done.countDown();
      }
    });
    done.await();
    AppMain.ready(server.getAddress().getPort(), null);
  }
}

package dev.vigil.server.http;

import dev.vigil.server.config.HttpClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Authorization} header an {@code http_config}'s {@code basic_auth} or
 * {@code authorization} asks for; secret files are read on every call, so a rotated secret is
 * picked up without a reload.
 */
public final class AuthHeaders {
  private static final Logger LOG = LoggerFactory.getLogger(AuthHeaders.class);

  private AuthHeaders() {}

  public static Map<String, String> of(HttpClientConfig http) {
    Map<String, String> h = new HashMap<>();
    if (http.basicAuth() != null) {
      HttpClientConfig.BasicAuth b = http.basicAuth();
      String user = b.username() != null ? b.username() : read(b.usernameFile());
      String pass = b.password() != null ? b.password() : read(b.passwordFile());
      h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          ((user == null ? "" : user) + ":" + (pass == null ? "" : pass))
              .getBytes(StandardCharsets.UTF_8)));
    } else if (http.authorization() != null) {
      HttpClientConfig.Authorization a = http.authorization();
      String cred = a.credentials() != null ? a.credentials() : read(a.credentialsFile());
      h.put("Authorization", a.type() + " " + (cred == null ? "" : cred));
    }
    return h;
  }

  private static String read(String file) {
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      LOG.error("cannot read secret file {}: {}", file, e.getMessage());
      return null;
    }
  }
}

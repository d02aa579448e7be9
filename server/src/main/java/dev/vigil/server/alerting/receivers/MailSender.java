package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.NotifyException;
import dev.vigil.server.config.TlsConfig;
import dev.vigil.server.http.TlsClients;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Delivers one rendered email over SMTP as Alertmanager does: implicit TLS on port 465 (or when
 * forced), otherwise STARTTLS whenever the server offers it, and a refusal when
 * {@code require_tls} is set and it does not; PLAIN or LOGIN authentication when a user name is
 * configured and the server offers AUTH. Thread-safe: each send opens its own connection.
 */
final class MailSender {
  private static final int TIMEOUT_MILLIS = 30_000;

  private final EmailConfig cfg;
  private final String protocol;
  private final SSLSocketFactory sslFactory;
  private final String tlsError;

  /** A rendered message. {@code headers} hold Subject, To and From among others. */
  record Mail(String from, String to, Map<String, String> headers, String html, String text) {}

  MailSender(EmailConfig cfg) {
    this.cfg = cfg;
    this.protocol = cfg.implicitTls() ? "smtps" : "smtp";
    SSLSocketFactory f = null;
    String err = null;
    try {
      f = socketFactory(cfg.tls());
    } catch (GeneralSecurityException | IOException e) {
      err = "tls_config: " + e.getMessage();
    }
    this.sslFactory = f;
    this.tlsError = err;
  }

  /** The TLS socket factory a {@code tls_config} asks for; the HTTP client builds it for us. */
  private static SSLSocketFactory socketFactory(TlsConfig tls)
      throws GeneralSecurityException, IOException {
    return TlsClients.apply(new OkHttpClient.Builder(), tls).build().sslSocketFactory();
  }

  void send(Mail mail) throws NotifyException {
    String where = "email " + cfg.smarthost();
    if (sslFactory == null) {
      throw new NotifyException(where + ": " + tlsError, false);
    }
    InternetAddress from;
    InternetAddress[] to;
    try {
      from = new InternetAddress(mail.from(), true);
      to = InternetAddress.parse(mail.to(), true);
    } catch (AddressException e) {
      throw new NotifyException(where + ": invalid address: " + e.getMessage(), false, e);
    }
    Session session = Session.getInstance(properties(from.getAddress()));
    try {
      MimeMessage msg = new MimeMessage(session);
      for (Map.Entry<String, String> h : mail.headers().entrySet()) {
        msg.setHeader(h.getKey(), MimeUtility.fold(h.getKey().length() + 2,
            MimeUtility.encodeText(h.getValue(), "UTF-8", "Q")));
      }
      msg.setSentDate(new Date());
      MimeMultipart alt = new MimeMultipart("alternative");
      if (!mail.text().isEmpty()) {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        alt.addBodyPart(text);
      }
      if (!mail.html().isEmpty()) {
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        alt.addBodyPart(html);
      }
      msg.setContent(alt);
      msg.saveChanges();
      try (Transport t = session.getTransport(protocol)) {
        t.connect(cfg.smarthost().host(), cfg.smarthost().port(), cfg.authUsername(),
            cfg.authUsername() == null ? null : password());
        t.sendMessage(msg, to);
      }
    } catch (AuthenticationFailedException e) {
      throw new NotifyException(where + ": authentication failed: " + e.getMessage(), false, e);
    } catch (MessagingException e) {
      throw new NotifyException(where + ": " + describe(e), retryable(e), e);
    } catch (UnsupportedEncodingException e) {
      throw new NotifyException(where + ": " + e.getMessage(), false, e);
    }
  }

  /** @param envelopeFrom the SMTP MAIL FROM address */
  private Properties properties(String envelopeFrom) {
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put(p + "localhost", cfg.hello());
    props.put(p + "connectiontimeout", TIMEOUT_MILLIS);
    props.put(p + "timeout", TIMEOUT_MILLIS);
    props.put(p + "writetimeout", TIMEOUT_MILLIS);
    props.put(p + "ssl.socketFactory", sslFactory);
    props.put(p + "ssl.checkserveridentity", !cfg.tls().insecureSkipVerify());
    if (!cfg.implicitTls()) {
      props.put(p + "starttls.enable", true);
      props.put(p + "starttls.required", cfg.requireTls());
    }
    props.put(p + "auth", cfg.authUsername() != null);
    props.put(p + "auth.mechanisms", "PLAIN LOGIN");
    props.put(p + "from", envelopeFrom);
    return props;
  }

  private String password() throws NotifyException {
    if (cfg.authPassword() != null) {
      return cfg.authPassword();
    }
    if (cfg.authPasswordFile() == null) {
      return "";
    }
    try {
      return Files.readString(Path.of(cfg.authPasswordFile())).strip();
    } catch (IOException e) {
      throw new NotifyException("email: cannot read auth_password_file "
          + cfg.authPasswordFile() + ": " + e.getMessage(), true, e);
    }
  }

  /** SMTP 4xx replies are transient, 5xx permanent; a broken connection may heal. */
  static boolean retryable(MessagingException e) {
    int code = replyCode(e, 0);
    if (code >= 500) {
      return false;
    }
    if (code >= 400) {
      return true;
    }
    // STARTTLS refused by a server that requires it, and similar: settings, not luck.
    return !String.valueOf(e.getMessage()).contains("STARTTLS");
  }

  /** The SMTP reply code somewhere in the cause or next-exception chain; -1 when none. */
  private static int replyCode(Throwable t, int depth) {
    if (t == null || depth > 8) {
      return -1;
    }
    if (t instanceof SMTPSendFailedException s) {
      return s.getReturnCode();
    }
    if (t instanceof SMTPAddressFailedException s) {
      return s.getReturnCode();
    }
    if (t instanceof SMTPSenderFailedException s) {
      return s.getReturnCode();
    }
    int c = replyCode(t.getCause(), depth + 1);
    if (c == -1 && t instanceof MessagingException m && m.getNextException() != t.getCause()) {
      c = replyCode(m.getNextException(), depth + 1);
    }
    return c;
  }

  private static String describe(MessagingException e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()).strip());
    Exception next = e.getNextException();
    if (next != null && next.getMessage() != null && !sb.toString().contains(next.getMessage())) {
      sb.append(": ").append(next.getMessage().strip());
    }
    return sb.toString();
  }
}

package dev.vigil.server.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.server.alerting.NotifyException;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.config.YamlTreeReader;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP delivery against GreenMail: plain, authenticated, implicit TLS, and the refusals. */
class MailSenderTest {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup[] {
      ServerSetup.SMTP.dynamicPort(), ServerSetup.SMTPS.dynamicPort()})
      .withConfiguration(GreenMailConfiguration.aConfig()
          .withUser("alerts@example.org", "vigil", "s3cret"));

  static EmailConfig config(String yaml) throws Exception {
    Node.Mapping root = (Node.Mapping) YamlTreeReader.read(yaml, "am.yml");
    ParseContext ctx = new ParseContext("am.yml", null, n -> null);
    GlobalDefaults g = GlobalDefaults.parse((Node.Mapping) YamlTreeReader.read("{}", "am.yml"),
        ctx);
    EmailConfig c = EmailConfig.parse(new Fields(ctx, root, "email", "email_config"), g);
    assertThat(ctx.sortedProblems()).isEmpty();
    return c;
  }

  static MailSender.Mail mail(String subject) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Subject", subject);
    h.put("To", "oncall@example.org, dba@example.org");
    h.put("From", "Vigil <alerts@example.org>");
    h.put("X-Vigil-Receiver", "team-db");
    return new MailSender.Mail("Vigil <alerts@example.org>", "oncall@example.org, dba@example.org",
        h, "<p>disk &lt;full&gt;</p>", "disk <full>");
  }

  @Test
  void deliversMultipartAlternativeWithHeadersAndAuth() throws Exception {
    EmailConfig c = config("""
        to: oncall@example.org, dba@example.org
        from: alerts@example.org
        smarthost: 127.0.0.1:%d
        require_tls: false
        hello: vigil.example.org
        auth_username: vigil
        auth_password: s3cret
        """.formatted(smtp.getSmtp().getPort()));
    new MailSender(c).send(mail("[FIRING:2] DiskFull (page) ünïcode"));
    assertThat(smtp.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[FIRING:2] DiskFull (page) ünïcode");
    assertThat(m.getHeader("X-Vigil-Receiver")[0]).isEqualTo("team-db");
    assertThat(m.getHeader("From")[0]).isEqualTo("Vigil <alerts@example.org>");
    assertThat(m.getHeader("To")[0]).isEqualTo("oncall@example.org, dba@example.org");
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).isEqualTo("disk <full>");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(GreenMailUtil.getBody(parts.getBodyPart(1))).isEqualTo("<p>disk &lt;full&gt;</p>");
    // Both recipients got it (one RCPT each), from the envelope sender.
    assertThat(smtp.getReceivedMessagesForDomain("example.org")).hasSize(2);
  }

  @Test
  void requireTlsRefusesAServerWithoutStartTls() throws Exception {
    EmailConfig c = config("""
        to: oncall@example.org
        from: alerts@example.org
        smarthost: 127.0.0.1:%d
        """.formatted(smtp.getSmtp().getPort()));
    assertThat(c.requireTls()).isTrue(); // the default
    assertThatThrownBy(() -> new MailSender(c).send(mail("x")))
        .isInstanceOfSatisfying(NotifyException.class, e -> {
          assertThat(e.getMessage()).startsWith("email 127.0.0.1:" + smtp.getSmtp().getPort()
              + ": ").contains("STARTTLS");
          assertThat(e.retryable()).isFalse();
        });
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void wrongPasswordIsAPermanentFailure() throws Exception {
    EmailConfig c = config("""
        to: oncall@example.org
        from: alerts@example.org
        smarthost: 127.0.0.1:%d
        require_tls: false
        auth_username: vigil
        auth_password: wrong
        """.formatted(smtp.getSmtp().getPort()));
    assertThatThrownBy(() -> new MailSender(c).send(mail("x")))
        .isInstanceOfSatisfying(NotifyException.class, e -> {
          assertThat(e.getMessage()).contains("authentication failed");
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void implicitTlsWhenForced() throws Exception {
    EmailConfig c = config("""
        to: oncall@example.org
        from: alerts@example.org
        smarthost: 127.0.0.1:%d
        force_implicit_tls: true
        tls_config: {insecure_skip_verify: true}
        """.formatted(smtp.getSmtps().getPort()));
    new MailSender(c).send(mail("over tls"));
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("over tls");
  }

  @Test
  void implicitTlsVerifiesTheCertificateByDefault() throws Exception {
    EmailConfig c = config("""
        to: oncall@example.org
        from: alerts@example.org
        smarthost: 127.0.0.1:%d
        force_implicit_tls: true
        """.formatted(smtp.getSmtps().getPort()));
    assertThatThrownBy(() -> new MailSender(c).send(mail("x")))
        .isInstanceOf(NotifyException.class);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmailConfig c = config("""
        to: oncall@example.org
        from: alerts@example.org
        smarthost: 127.0.0.1:%d
        """.formatted(port));
    assertThatThrownBy(() -> new MailSender(c).send(mail("x")))
        .isInstanceOfSatisfying(NotifyException.class,
            e -> assertThat(e.retryable()).isTrue());
  }
}

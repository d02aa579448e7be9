package dev.vigil.server.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.server.alerting.Integration;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Email through the factory against GreenMail: default subject and body, templated headers. */
class EmailIntegrationTest {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetup.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig()
          .withUser("alerts@example.org", "vigil", "s3cret"));

  @Test
  void defaultSubjectAndHtmlWithGlobalSmtpSettings(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("smtp-pass"), "s3cret\n");
    Samples.Created c = Samples.create("email", """
        global:
          smtp_from: Vigil <alerts@example.org>
          smtp_smarthost: 127.0.0.1:%d
          smtp_auth_username: vigil
          smtp_auth_password_file: smtp-pass
          smtp_require_tls: false
        entry:
          to: 'oncall@example.org'
          headers:
            X-Group: '{{ .GroupLabels.alertname }}'
        """.formatted(smtp.getSmtp().getPort()), dir, List.of());
    assertThat(c.problems()).isEmpty();
    Integration mail = c.integration();
    mail.send(Samples.data());
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[FIRING:2] DiskFull (page)");
    assertThat(m.getHeader("X-Group")[0]).isEqualTo("DiskFull");
    assertThat(m.getHeader("From")[0]).isEqualTo("Vigil <alerts@example.org>");
    assertThat(m.getHeader("To")[0]).isEqualTo("oncall@example.org");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(1); // no text template: html only
    String html = GreenMailUtil.getBody(parts.getBodyPart(0));
    assertThat(html).contains("2 firing, 1 resolved").contains("db1:9100")
        .contains("http://am.example:9093/#/alerts?receiver=team-db");
  }

  @Test
  void textBodyAndTemplatedRecipients() throws Exception {
    Samples.Created c = Samples.create("email", """
        entry:
          to: '{{ .CommonLabels.alertname | toLower }}@example.org'
          from: alerts@example.org
          smarthost: 127.0.0.1:%d
          require_tls: false
          text: '{{ len .Alerts.Firing }} firing'
          html: '<b>{{ .Status }}</b>'
        """.formatted(smtp.getSmtp().getPort()));
    assertThat(c.problems()).isEmpty();
    c.integration().send(Samples.data());
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertThat(m.getAllRecipients()[0].toString()).isEqualTo("diskfull@example.org");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).isEqualTo("2 firing");
    assertThat(GreenMailUtil.getBody(parts.getBodyPart(1))).isEqualTo("<b>firing</b>");
  }
}

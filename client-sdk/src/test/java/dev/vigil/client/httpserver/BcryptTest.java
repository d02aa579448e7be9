package dev.vigil.client.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Hashes made by libxcrypt's crypt(3) (Python's crypt module on Debian), an independent bcrypt. */
class BcryptTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "test|$2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm",
      "test|$2b$05$sjOe6wO.ugps6YUNtGhf.uYo82dbxhdlECRqodbxlBY7smvdmHYhC",
      "''|$2b$04$nEE3pkdkHpq8QUvJnT2NA.1eiNqcFi2aSd1tcHTi4p2DG5.YUmUU.",
      "correct horse battery staple|$2b$04$j1AIk4ZfU6RwynYB11xuXOBckYUlwigsUDOWCUAg68../ANsStlP2",
      "ünïcødé|$2b$04$3ccefvnhsWYWH7xxbtSkBuXYNvD8.ZNQzV.9e/xevbzitcKHt0CzS",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          + "|$2b$04$CpZfRiAHMZbhXTAUUVknFuwwMsab5FB3YHR6AA9qN0Qag8I4RiouG",
      "p@ss:word|$2b$05$w.umotxS869sjMKFqrjNB.H50Q5MvfYG9gMQjqcfYHMgSYulCnWv6",
  })
  void acceptsTheRightPasswordOnly(String password, String hash) {
    assertThat(Bcrypt.verify(password, hash)).isTrue();
    assertThat(Bcrypt.verify("x" + password, hash)).isFalse();
    assertThat(Bcrypt.verify("", hash)).isEqualTo(password.isEmpty());
    // $2y$ (htpasswd's) and $2a$ are the same algorithm for passwords under 255 bytes.
    assertThat(Bcrypt.verify(password, "$2y$" + hash.substring(4))).isTrue();
    assertThat(Bcrypt.verify(password, "$2a$" + hash.substring(4))).isTrue();
  }

  @Test
  void onlyTheFirst72BytesCount() {
    String hash = "$2b$04$CpZfRiAHMZbhXTAUUVknFuwwMsab5FB3YHR6AA9qN0Qag8I4RiouG";
    assertThat(Bcrypt.verify("a".repeat(80), hash)).isTrue();
  }

  @Test
  void blowfishStartsWithPi() {
    int[] w = Bcrypt.piWords(2);
    assertThat(w).containsExactly(0x243F6A88, 0x85A308D3);
  }

  @Test
  void malformedHashesAreRefusedWithAReason() {
    assertThat(Bcrypt.verify("test", "plain")).isFalse();
    assertThat(Bcrypt.problem("plain")).contains("$2a$, $2b$ or $2y$");
    assertThat(Bcrypt.problem("$2b$99$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm"))
        .contains("outside 4..31");
    assertThat(Bcrypt.problem("$2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HC"))
        .contains("60 characters");
    assertThat(Bcrypt.problem("$2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm"))
        .isNull();
  }
}

package dev.vigil.client.httpserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/**
 * PEM certificates and private keys as Go's TLS reads them: PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}) keys.
 */
final class PemKeys {
  private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d,
      0x02, 0x01};

  private PemKeys() {}

  static X509Certificate[] certificates(Path file) throws WebConfigException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new WebConfigException(file + ": no PEM certificate found");
      }
      return certs.toArray(new X509Certificate[0]);
    } catch (IOException | GeneralSecurityException e) {
      throw new WebConfigException(file + ": cannot read the certificates: " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file) throws WebConfigException {
    String pem;
    try {
      pem = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new WebConfigException(file + ": cannot read the key: " + e, e);
    }
    try {
      if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
        return pkcs8(block(pem, "PRIVATE KEY"), "RSA", "EC", "Ed25519", "EdDSA");
      }
      if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
        byte[] pkcs1 = block(pem, "RSA PRIVATE KEY");
        return pkcs8(wrap(seq(RSA_OID, new byte[] {0x05, 0x00}), pkcs1), "RSA");
      }
      if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
        byte[] sec1 = block(pem, "EC PRIVATE KEY");
        return pkcs8(wrap(seq(EC_OID, curveOid(sec1)), sec1), "EC");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new WebConfigException(file + ": cannot read the key: " + e.getMessage(), e);
    }
    if (pem.contains("ENCRYPTED")) {
      throw new WebConfigException(file + ": encrypted private keys are not supported");
    }
    throw new WebConfigException(file + ": no PEM private key found (PRIVATE KEY, "
        + "RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  private static PrivateKey pkcs8(byte[] der, String... algorithms)
      throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String a : algorithms) {
      try {
        return KeyFactory.getInstance(a).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  private static byte[] block(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    int from = pem.indexOf(begin) + begin.length();
    int to = pem.indexOf("-----END " + type + "-----", from);
    if (to < 0) {
      throw new IllegalArgumentException("no END line for " + type);
    }
    return Base64.getMimeDecoder().decode(pem.substring(from, to));
  }

  /** The named-curve OID in a SEC1 key's [0] parameters. */
  private static byte[] curveOid(byte[] sec1) {
    int[] pos = {0};
    expect(sec1, pos, 0x30);
    length(sec1, pos);
    while (pos[0] < sec1.length) {
      int tag = sec1[pos[0]++] & 0xff;
      int len = length(sec1, pos);
      if (tag == 0xa0) {
        byte[] oid = new byte[len];
        System.arraycopy(sec1, pos[0], oid, 0, len);
        return oid;
      }
      pos[0] += len;
    }
    throw new IllegalArgumentException("the EC key names no curve");
  }

  private static void expect(byte[] b, int[] pos, int tag) {
    if ((b[pos[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("malformed DER");
    }
  }

  private static int length(byte[] b, int[] pos) {
    int first = b[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int len = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      len = (len << 8) | (b[pos[0]++] & 0xff);
    }
    return len;
  }

  /** PrivateKeyInfo: version 0, the algorithm, the key as an OCTET STRING. */
  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return tlv(0x30, new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key));
  }

  private static byte[] seq(byte[]... parts) {
    return tlv(0x30, parts);
  }

  private static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.write(p, 0, p.length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = body.size();
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(len >>> (8 * i));
      }
    }
    out.write(body.toByteArray(), 0, len);
    return out.toByteArray();
  }
}

package dev.vigil.server.remote;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the remote-write receiver's decoder: the bytes of a (decompressed) WriteRequest either
 * decode or fail with an {@link IOException} (the receiver's 400), and a decoded request is
 * either valid or refused with a reason by {@link WriteHandler#validate}. Anything else would
 * be a 500 or worse for every sender on the network.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code RemoteWriteFuzzTestInputs/} run as
 * ordinary tests; see docs/fuzzing.md.
 */
class RemoteWriteFuzzTest {
  private static final int MAX_INPUT = 64 * 1024;

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void writeRequest(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    Prompb.WriteRequest req;
    try {
      req = Prompb.decodeWriteRequest(data, data.length);
    } catch (IOException expected) {
      return; // the documented outcome: 400 with the decoder's message
    }
    WriteHandler.validate(req);
    for (Prompb.Series s : req.series()) {
      s.labels().toString();
    }
  }
}

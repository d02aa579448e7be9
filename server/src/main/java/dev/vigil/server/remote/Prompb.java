package dev.vigil.server.remote;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The few messages of Prometheus's remote protocols ({@code prompb/types.proto},
 * {@code prompb/remote.proto}) written by hand with protobuf-java's coded streams: there is no
 * protoc in the build, and the hot message (a WriteRequest) is encoded straight from the queue's
 * primitive arrays rather than through generated objects. Field numbers are those of the .proto
 * files in ../shared/reference/specs.
 */
final class Prompb {
  // WriteRequest
  static final int WR_TIMESERIES = 1;
  static final int WR_METADATA = 3;
  // TimeSeries
  static final int TS_LABELS = 1;
  static final int TS_SAMPLES = 2;
  static final int TS_EXEMPLARS = 3;
  static final int TS_HISTOGRAMS = 4;
  // Label, Sample
  static final int LABEL_NAME = 1;
  static final int LABEL_VALUE = 2;
  static final int SAMPLE_VALUE = 1;
  static final int SAMPLE_TIMESTAMP = 2;
  // Exemplar
  static final int EXEMPLAR_LABELS = 1;
  static final int EXEMPLAR_VALUE = 2;
  static final int EXEMPLAR_TIMESTAMP = 3;
  // ReadRequest / Query / LabelMatcher
  static final int RR_QUERIES = 1;
  static final int RR_ACCEPTED_TYPES = 2;
  static final int Q_START = 1;
  static final int Q_END = 2;
  static final int Q_MATCHERS = 3;
  static final int Q_HINTS = 4;
  static final int LM_TYPE = 1;
  static final int LM_NAME = 2;
  static final int LM_VALUE = 3;
  // ReadResponse / QueryResult
  static final int RESP_RESULTS = 1;
  static final int QR_TIMESERIES = 1;
  // ChunkedReadResponse / ChunkedSeries / Chunk
  static final int CRR_SERIES = 1;
  static final int CRR_QUERY_INDEX = 2;
  static final int CS_LABELS = 1;
  static final int CS_CHUNKS = 2;
  static final int CHUNK_MINT = 1;
  static final int CHUNK_MAXT = 2;
  static final int CHUNK_TYPE = 3;
  static final int CHUNK_DATA = 4;
  static final int CHUNK_XOR = 1;

  static final int RESPONSE_SAMPLES = 0;
  static final int RESPONSE_STREAMED_XOR_CHUNKS = 1;

  private Prompb() {}

  /**
   * The {@code labels} fields (field 1, repeated Label) of a TimeSeries for {@code labels}, as
   * bytes a sender caches per series and copies into every request.
   */
  static byte[] labelFields(Labels labels) {
    int size = labelFieldsSize(labels);
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      writeLabels(o, TS_LABELS, labels);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("label encoding overran its computed size", e);
    }
    return out;
  }

  static int labelFieldsSize(Labels labels) {
    int size = 0;
    for (int i = 0; i < labels.size(); i++) {
      int inner = labelSize(labels.name(i), labels.value(i));
      size += CodedOutputStream.computeTagSize(TS_LABELS)
          + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
    }
    return size;
  }

  private static int labelSize(String name, String value) {
    return CodedOutputStream.computeStringSize(LABEL_NAME, name)
        + CodedOutputStream.computeStringSize(LABEL_VALUE, value);
  }

  static void writeLabels(CodedOutputStream o, int field, Labels labels) throws IOException {
    for (int i = 0; i < labels.size(); i++) {
      o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(labelSize(labels.name(i), labels.value(i)));
      o.writeString(LABEL_NAME, labels.name(i));
      o.writeString(LABEL_VALUE, labels.value(i));
    }
  }

  /** Size of one Sample message's body. */
  static int sampleSize(long t, double v) {
    return CodedOutputStream.computeDoubleSize(SAMPLE_VALUE, v)
        + CodedOutputStream.computeInt64Size(SAMPLE_TIMESTAMP, t);
  }

  /** Writes a Sample as a length-delimited field {@code field} of the enclosing message. */
  static void writeSample(CodedOutputStream o, int field, long t, double v) throws IOException {
    o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(sampleSize(t, v));
    // proto3 leaves out zero scalars; receivers read a missing field as 0, so both are valid,
    // and writing them always keeps the size computation trivial.
    o.writeDouble(SAMPLE_VALUE, v);
    o.writeInt64(SAMPLE_TIMESTAMP, t);
  }

  /** Size of one Exemplar message's body. */
  static int exemplarSize(Labels labels, long t, double v) {
    int size = CodedOutputStream.computeDoubleSize(EXEMPLAR_VALUE, v)
        + CodedOutputStream.computeInt64Size(EXEMPLAR_TIMESTAMP, t);
    for (int i = 0; i < labels.size(); i++) {
      int inner = labelSize(labels.name(i), labels.value(i));
      size += CodedOutputStream.computeTagSize(EXEMPLAR_LABELS)
          + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
    }
    return size;
  }

  /** Writes an Exemplar as field {@code exemplars} of the enclosing TimeSeries. */
  static void writeExemplar(CodedOutputStream o, Labels labels, long t, double v)
      throws IOException {
    o.writeTag(TS_EXEMPLARS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(exemplarSize(labels, t, v));
    writeLabels(o, EXEMPLAR_LABELS, labels);
    o.writeDouble(EXEMPLAR_VALUE, v);
    o.writeInt64(EXEMPLAR_TIMESTAMP, t);
  }

  /** One decoded Exemplar of a TimeSeries. */
  record Exemplar(Labels labels, double value, long timestamp) {}

  /**
   * One decoded TimeSeries; histograms are counted, not kept. {@code exemplars} counts them,
   * {@code exemplarList} holds them.
   */
  record Series(Labels labels, long[] timestamps, double[] values, int exemplars,
      int histograms, List<Exemplar> exemplarList) {
    Series(Labels labels, long[] timestamps, double[] values, int exemplars, int histograms) {
      this(labels, timestamps, values, exemplars, histograms, List.of());
    }
  }

  /** A decoded WriteRequest. */
  record WriteRequest(List<Series> series, int metadata) {}

  /**
   * Decodes a WriteRequest (already uncompressed). Throws {@link InvalidProtocolBufferException}
   * (with a reason) on malformed input, including invalid UTF-8 in label names or values.
   */
  static WriteRequest decodeWriteRequest(byte[] buf, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(buf, 0, len);
    List<Series> out = new ArrayList<>();
    int metadata = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == WR_TIMESERIES && WireFormat.getTagWireType(tag)
          == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        out.add(readTimeSeries(in));
        in.popLimit(limit);
      } else {
        if (field == WR_METADATA) {
          metadata++;
        }
        in.skipField(tag);
      }
    }
    return new WriteRequest(out, metadata);
  }

  /** Reads the fields of a TimeSeries up to the current limit. */
  static Series readTimeSeries(CodedInputStream in) throws IOException {
    List<String> kv = new ArrayList<>();
    long[] ts = new long[4];
    double[] vs = new double[4];
    int n = 0;
    int exemplars = 0;
    List<Exemplar> exemplarList = null;
    int histograms = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case TS_LABELS -> {
          int limit = in.pushLimit(in.readRawVarint32());
          readLabel(in, kv);
          in.popLimit(limit);
        }
        case TS_SAMPLES -> {
          int limit = in.pushLimit(in.readRawVarint32());
          long t = 0;
          double v = 0;
          while (true) {
            int st = in.readTag();
            if (st == 0) {
              break;
            }
            switch (WireFormat.getTagFieldNumber(st)) {
              case SAMPLE_VALUE -> v = in.readDouble();
              case SAMPLE_TIMESTAMP -> t = in.readInt64();
              default -> in.skipField(st);
            }
          }
          in.popLimit(limit);
          if (n == ts.length) {
            ts = java.util.Arrays.copyOf(ts, n * 2);
            vs = java.util.Arrays.copyOf(vs, n * 2);
          }
          ts[n] = t;
          vs[n] = v;
          n++;
        }
        case TS_EXEMPLARS -> {
          exemplars++;
          int limit = in.pushLimit(in.readRawVarint32());
          if (exemplarList == null) {
            exemplarList = new ArrayList<>();
          }
          exemplarList.add(readExemplar(in));
          in.popLimit(limit);
        }
        case TS_HISTOGRAMS -> {
          histograms++;
          in.skipField(tag);
        }
        default -> in.skipField(tag);
      }
    }
    return new Series(toLabels(kv), java.util.Arrays.copyOf(ts, n),
        java.util.Arrays.copyOf(vs, n), exemplars, histograms,
        exemplarList == null ? List.of() : exemplarList);
  }

  private static Exemplar readExemplar(CodedInputStream in) throws IOException {
    List<String> kv = new ArrayList<>();
    double v = 0;
    long t = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case EXEMPLAR_LABELS -> {
          int limit = in.pushLimit(in.readRawVarint32());
          readLabel(in, kv);
          in.popLimit(limit);
        }
        case EXEMPLAR_VALUE -> v = in.readDouble();
        case EXEMPLAR_TIMESTAMP -> t = in.readInt64();
        default -> in.skipField(tag);
      }
    }
    return new Exemplar(toLabels(kv), v, t);
  }

  private static void readLabel(CodedInputStream in, List<String> kv) throws IOException {
    String name = "";
    String value = "";
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case LABEL_NAME -> name = in.readStringRequireUtf8();
        case LABEL_VALUE -> value = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    kv.add(name);
    kv.add(value);
  }

  /**
   * Labels from name/value pairs as they came on the wire; rejects duplicates and empty names.
   * Empty values mean "absent", as everywhere in Prometheus, and are left out.
   */
  static Labels toLabels(List<String> kv) throws InvalidProtocolBufferException {
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < kv.size(); i += 2) {
      String name = kv.get(i);
      if (name.isEmpty()) {
        throw new InvalidProtocolBufferException("empty label name");
      }
      if (b.get(name) != null) {
        throw new InvalidProtocolBufferException("duplicate label name " + name);
      }
      if (!kv.get(i + 1).isEmpty()) {
        b.set(name, kv.get(i + 1));
      }
    }
    return b.build();
  }

  /** One query of a ReadRequest. */
  record Query(long startMs, long endMs, List<Matcher> matchers) {}

  /** A decoded ReadRequest. */
  record ReadRequest(List<Query> queries, List<Integer> acceptedResponseTypes) {}

  static ReadRequest decodeReadRequest(byte[] buf, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(buf, 0, len);
    List<Query> queries = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == RR_QUERIES) {
        int limit = in.pushLimit(in.readRawVarint32());
        queries.add(readQuery(in));
        in.popLimit(limit);
      } else if (field == RR_ACCEPTED_TYPES) {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = in.pushLimit(in.readRawVarint32()); // packed, as proto3 writes it
          while (in.getBytesUntilLimit() > 0) {
            types.add(in.readEnum());
          }
          in.popLimit(limit);
        } else {
          types.add(in.readEnum());
        }
      } else {
        in.skipField(tag);
      }
    }
    return new ReadRequest(queries, types);
  }

  private static Query readQuery(CodedInputStream in) throws IOException {
    long start = 0;
    long end = 0;
    List<Matcher> matchers = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case Q_START -> start = in.readInt64();
        case Q_END -> end = in.readInt64();
        case Q_MATCHERS -> {
          int limit = in.pushLimit(in.readRawVarint32());
          matchers.add(readMatcher(in));
          in.popLimit(limit);
        }
        default -> in.skipField(tag);
      }
    }
    return new Query(start, end, matchers);
  }

  private static Matcher readMatcher(CodedInputStream in) throws IOException {
    int type = 0;
    String name = "";
    String value = "";
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case LM_TYPE -> type = in.readEnum();
        case LM_NAME -> name = in.readStringRequireUtf8();
        case LM_VALUE -> value = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    Matcher.Type t = switch (type) {
      case 0 -> Matcher.Type.EQUAL;
      case 1 -> Matcher.Type.NOT_EQUAL;
      case 2 -> Matcher.Type.REGEX;
      case 3 -> Matcher.Type.NOT_REGEX;
      default -> throw new InvalidProtocolBufferException("unknown matcher type " + type);
    };
    try {
      return Matcher.of(t, name, value);
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException(e.getMessage());
    }
  }

  /** A ReadRequest with one query asking for sampled responses (what a remote_read client sends). */
  static byte[] encodeReadRequest(long startMs, long endMs, List<Matcher> matchers)
      throws IOException {
    return encodeReadRequest(startMs, endMs, matchers, RESPONSE_SAMPLES);
  }

  /** A ReadRequest with one query accepting {@code types}, in order of preference. */
  static byte[] encodeReadRequest(long startMs, long endMs, List<Matcher> matchers,
      int... types) throws IOException {
    java.io.ByteArrayOutputStream query = new java.io.ByteArrayOutputStream();
    CodedOutputStream q = CodedOutputStream.newInstance(query);
    q.writeInt64(Q_START, startMs);
    q.writeInt64(Q_END, endMs);
    for (Matcher m : matchers) {
      int type = switch (m.type()) {
        case EQUAL -> 0;
        case NOT_EQUAL -> 1;
        case REGEX -> 2;
        case NOT_REGEX -> 3;
      };
      int size = CodedOutputStream.computeEnumSize(LM_TYPE, type)
          + CodedOutputStream.computeStringSize(LM_NAME, m.name())
          + CodedOutputStream.computeStringSize(LM_VALUE, m.value());
      q.writeTag(Q_MATCHERS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      q.writeUInt32NoTag(size);
      q.writeEnum(LM_TYPE, type);
      q.writeString(LM_NAME, m.name());
      q.writeString(LM_VALUE, m.value());
    }
    q.flush();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeByteArray(RR_QUERIES, query.toByteArray());
    int packed = 0;
    for (int t : types) {
      packed += CodedOutputStream.computeEnumSizeNoTag(t);
    }
    o.writeTag(RR_ACCEPTED_TYPES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(packed);
    for (int t : types) {
      o.writeEnumNoTag(t);
    }
    o.flush();
    return out.toByteArray();
  }

  /** Decodes a sampled ReadResponse: the series of each query result, in order. */
  static List<List<Series>> decodeReadResponse(byte[] buf, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(buf, 0, len);
    List<List<Series>> results = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (WireFormat.getTagFieldNumber(tag) != RESP_RESULTS) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      List<Series> series = new ArrayList<>();
      while (true) {
        int t = in.readTag();
        if (t == 0) {
          break;
        }
        if (WireFormat.getTagFieldNumber(t) == QR_TIMESERIES) {
          int l = in.pushLimit(in.readRawVarint32());
          series.add(readTimeSeries(in));
          in.popLimit(l);
        } else {
          in.skipField(t);
        }
      }
      in.popLimit(limit);
      results.add(series);
    }
    return results;
  }

  // MetricMetadata
  static final int MD_TYPE = 1;
  static final int MD_FAMILY = 2;
  static final int MD_HELP = 4;
  static final int MD_UNIT = 5;
  /** MetricMetadata.MetricType names by enum number. */
  static final List<String> METRIC_TYPES = List.of("unknown", "counter", "gauge", "histogram",
      "gaugehistogram", "summary", "info", "stateset");

  /** The enum number of a lower-case type name; unknown names are UNKNOWN (0). */
  static int metricType(String type) {
    int i = METRIC_TYPES.indexOf(type);
    return Math.max(i, 0);
  }

  /** A WriteRequest carrying only {@code metadata} (field 3), as Prometheus sends it. */
  static byte[] encodeMetadataRequest(List<FamilyMetadata> metadata) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    for (FamilyMetadata m : metadata) {
      int type = metricType(m.type());
      int size = (type == 0 ? 0 : CodedOutputStream.computeEnumSize(MD_TYPE, type))
          + CodedOutputStream.computeStringSize(MD_FAMILY, m.family())
          + CodedOutputStream.computeStringSize(MD_HELP, m.help())
          + CodedOutputStream.computeStringSize(MD_UNIT, m.unit());
      o.writeTag(WR_METADATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(size);
      if (type != 0) {
        o.writeEnum(MD_TYPE, type);
      }
      o.writeString(MD_FAMILY, m.family());
      o.writeString(MD_HELP, m.help());
      o.writeString(MD_UNIT, m.unit());
    }
    o.flush();
    return out.toByteArray();
  }

  /**
   * The metadata entries of a WriteRequest (already uncompressed; other fields skipped). Refuses
   * invalid UTF-8, an empty family name and a type number the protocol does not define.
   */
  static List<FamilyMetadata> decodeMetadata(byte[] buf, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(buf, 0, len);
    List<FamilyMetadata> out = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return out;
      }
      if (WireFormat.getTagFieldNumber(tag) != WR_METADATA
          || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      int type = 0;
      String family = "";
      String help = "";
      String unit = "";
      while (true) {
        int t = in.readTag();
        if (t == 0) {
          break;
        }
        switch (WireFormat.getTagFieldNumber(t)) {
          case MD_TYPE -> type = in.readEnum();
          case MD_FAMILY -> family = in.readStringRequireUtf8();
          case MD_HELP -> help = in.readStringRequireUtf8();
          case MD_UNIT -> unit = in.readStringRequireUtf8();
          default -> in.skipField(t);
        }
      }
      in.popLimit(limit);
      if (type < 0 || type >= METRIC_TYPES.size()) {
        throw new InvalidProtocolBufferException("metadata of " + family
            + " has unknown metric type " + type);
      }
      if (family.isEmpty()) {
        throw new InvalidProtocolBufferException("metadata without a metric family name");
      }
      out.add(new FamilyMetadata(family, METRIC_TYPES.get(type), help, unit));
    }
  }
}

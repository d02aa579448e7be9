package dev.vigil.server.scrape.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The semantic rules of OpenMetrics 1.0.0 that span lines: metric families (metadata first,
 * once each, never interleaved, names that cannot clash), sample-name suffixes per type, value
 * rules per type, metrics not interleaved within a family, timestamps not going backwards, and
 * histogram buckets (ordered, cumulative, +Inf present, _count/_sum consistent).
 *
 * <p>Work per sample is a few byte comparisons; strings are only built per family.
 */
final class OpenMetricsRules {
  private enum Suffix { NONE, TOTAL, CREATED, BUCKET, COUNT, SUM, GCOUNT, GSUM, INFO }

  private static final byte[] LE = "le".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] QUANTILE = "quantile".getBytes(StandardCharsets.US_ASCII);

  private final OpenMetricsParser p;
  /** Names of closed families and every sample name they could produce, to detect clashes. */
  private final Set<String> taken = new HashSet<>();

  // Current family.
  private String family;
  private byte[] familyBytes;
  private MetricType type;
  private boolean typeSeen;
  private boolean helpSeen;
  private boolean unitSeen;
  private String unit = "";
  private boolean familyHasSamples;

  // Current metric (label set without le/quantile/state label) within the family.
  private final LongSet seenMetrics = new LongSet();
  private boolean inMetric;
  private long metricKey;
  private int tsPresence; // 0 unknown, 1 with timestamps, 2 without
  private double lastTs;

  // Current metric point of a histogram, gauge histogram or summary.
  private boolean pointHasTs;
  private double pointTs;
  private boolean anyBucket;
  private boolean sawInf;
  private boolean negativeLe;
  private double lastLe;
  private double lastBucket;
  private double infBucket;
  private boolean hasCount;
  private boolean hasSum;
  private double count;

  OpenMetricsRules(OpenMetricsParser p) {
    this.p = p;
  }

  // ---------------------------------------------------------------- metadata

  void metadata(ExpositionParser.Entry kind) throws ParseException {
    String name = p.metadataName();
    if (name.equals(family)) {
      if (familyHasSamples) {
        throw p.errorAt(p.lineStart, kind + " for " + name + " after its samples");
      }
      boolean repeated = switch (kind) {
        case TYPE -> typeSeen;
        case HELP -> helpSeen;
        default -> unitSeen;
      };
      if (repeated) {
        throw p.errorAt(p.lineStart, "second " + kind + " line for " + name);
      }
    } else {
      closeFamily();
      openFamily(name, p.lineStart);
    }
    switch (kind) {
      case TYPE -> {
        typeSeen = true;
        type = p.type();
      }
      case HELP -> helpSeen = true;
      default -> {
        unitSeen = true;
        unit = p.unit();
        if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
          throw p.errorAt(p.textStart, "unit \"" + unit + "\" must be the suffix of the metric"
              + " name " + name + " (as _" + unit + ")");
        }
      }
    }
    if (!unit.isEmpty() && (type == MetricType.INFO || type == MetricType.STATESET)) {
      throw p.errorAt(p.lineStart, type.name().toLowerCase() + " " + name + " must not have a unit");
    }
  }

  private void openFamily(String name, int at) throws ParseException {
    if (taken.contains(name)) {
      throw p.errorAt(at, "metric family " + name + " appears twice or clashes with the samples"
          + " of an earlier family (families must not be interleaved)");
    }
    family = name;
    familyBytes = name.getBytes(StandardCharsets.UTF_8);
    type = MetricType.UNKNOWN;
    typeSeen = helpSeen = unitSeen = familyHasSamples = false;
    unit = "";
    seenMetrics.clear();
    inMetric = false;
  }

  private void closeFamily() throws ParseException {
    if (family == null) {
      return;
    }
    finishMetric();
    taken.add(family);
    for (String s : suffixes(type)) {
      if (!taken.add(family + s)) {
        throw p.errorAt(p.lineStart, "the samples of " + type.name().toLowerCase() + " "
            + family + " would clash with metric family " + family + s);
      }
    }
    family = null;
  }

  private static String[] suffixes(MetricType t) {
    return switch (t) {
      case COUNTER -> new String[] {"_total", "_created"};
      case HISTOGRAM -> new String[] {"_bucket", "_count", "_sum", "_created"};
      case GAUGEHISTOGRAM -> new String[] {"_bucket", "_gcount", "_gsum"};
      case SUMMARY -> new String[] {"_count", "_sum", "_created"};
      case INFO -> new String[] {"_info"};
      default -> new String[0];
    };
  }

  void eof() throws ParseException {
    closeFamily();
  }

  // ---------------------------------------------------------------- samples

  void sample() throws ParseException {
    Suffix suffix = family == null ? null : suffixOf();
    if (suffix == null) {
      if (family != null && Arrays.equals(p.buf, p.nameStart, p.nameEnd, familyBytes, 0,
          familyBytes.length)) {
        throw p.errorAt(p.nameStart, "sample name " + family + " is not valid for "
            + type.name().toLowerCase() + " " + family + "; expected one of its suffixes "
            + String.join(", ", suffixes(type)));
      }
      closeFamily();
      openFamily(p.metricName(), p.nameStart);
      suffix = Suffix.NONE;
    }
    familyHasSamples = true;
    double v = p.value;
    if (p.hasExemplar && !(suffix == Suffix.TOTAL || suffix == Suffix.BUCKET)) {
      throw p.errorAt(p.nameEnd, "exemplars are only allowed on counter _total and histogram"
          + " _bucket samples");
    }
    int special = -1; // label excluded from the metric's identity
    switch (type) {
      case COUNTER -> {
        if (suffix == Suffix.TOTAL) {
          nonNegative(v, "counter total");
        }
      }
      case INFO -> {
        if (v != 1) {
          throw valueError("info value must be 1");
        }
      }
      case STATESET -> {
        special = p.findLabel(familyBytes);
        if (special < 0) {
          throw p.errorAt(p.seriesEnd, "stateset sample needs a label named " + family);
        }
        if (v != 0 && v != 1) {
          throw valueError("stateset value must be 0 or 1");
        }
      }
      case SUMMARY -> special = summary(suffix, v);
      case HISTOGRAM, GAUGEHISTOGRAM -> special = histogramLabels(suffix);
      default -> { }
    }
    metric(special);
    timestamps();
    if (type == MetricType.HISTOGRAM || type == MetricType.GAUGEHISTOGRAM) {
      histogramValue(suffix, v, special);
    }
  }

  /** The suffix of the sample's name if it belongs to the current family, else null. */
  private Suffix suffixOf() {
    byte[] b = p.buf;
    int ns = p.nameStart;
    int fl = familyBytes.length;
    int len = p.nameEnd - ns;
    if (len < fl || !Arrays.equals(b, ns, ns + fl, familyBytes, 0, fl)) {
      return null;
    }
    int s = ns + fl;
    int e = p.nameEnd;
    return switch (type) {
      case COUNTER -> is(b, s, e, "_total") ? Suffix.TOTAL
          : is(b, s, e, "_created") ? Suffix.CREATED : null;
      case HISTOGRAM -> is(b, s, e, "_bucket") ? Suffix.BUCKET : is(b, s, e, "_count")
          ? Suffix.COUNT : is(b, s, e, "_sum") ? Suffix.SUM
          : is(b, s, e, "_created") ? Suffix.CREATED : null;
      case GAUGEHISTOGRAM -> is(b, s, e, "_bucket") ? Suffix.BUCKET : is(b, s, e, "_gcount")
          ? Suffix.GCOUNT : is(b, s, e, "_gsum") ? Suffix.GSUM : null;
      case SUMMARY -> s == e ? Suffix.NONE : is(b, s, e, "_count") ? Suffix.COUNT
          : is(b, s, e, "_sum") ? Suffix.SUM : is(b, s, e, "_created") ? Suffix.CREATED : null;
      case INFO -> is(b, s, e, "_info") ? Suffix.INFO : null;
      default -> s == e ? Suffix.NONE : null;
    };
  }

  private static boolean is(byte[] b, int s, int e, String suffix) {
    if (e - s != suffix.length()) {
      return false;
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (b[s + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int summary(Suffix suffix, double v) throws ParseException {
    int q = p.findLabel(QUANTILE);
    if (suffix == Suffix.NONE) {
      if (q < 0) {
        throw p.errorAt(p.seriesEnd, "summary quantile sample needs a quantile label");
      }
      double qv = labelNumber(q, false);
      if (!(qv >= 0 && qv <= 1)) {
        throw p.errorAt(p.labels[q + 2], "quantile must be a number from 0 to 1");
      }
      if (v < 0) {
        throw valueError("quantile values must not be negative");
      }
    } else if (q >= 0) {
      throw p.errorAt(p.labels[q], "only quantile samples may have a quantile label");
    } else if (suffix != Suffix.CREATED) {
      nonNegative(v, "summary " + suffix.name().toLowerCase());
    }
    return q;
  }

  private int histogramLabels(Suffix suffix) throws ParseException {
    int le = p.findLabel(LE);
    if (suffix == Suffix.BUCKET && le < 0) {
      throw p.errorAt(p.seriesEnd, "histogram bucket needs an le label");
    }
    if (suffix != Suffix.BUCKET && le >= 0) {
      throw p.errorAt(p.labels[le], "only _bucket samples may have an le label");
    }
    return le;
  }

  private void histogramValue(Suffix suffix, double v, int le) throws ParseException {
    switch (suffix) {
      case BUCKET -> {
        count(v, "bucket");
        double bound = labelNumber(le, true);
        if (anyBucket && !(bound > lastLe)) {
          throw p.errorAt(p.labels[le + 2], "buckets must be sorted by increasing le, without"
              + " repeats");
        }
        if (anyBucket && v < lastBucket) {
          throw valueError("bucket values must be cumulative (not smaller than the previous"
              + " bucket)");
        }
        anyBucket = true;
        lastLe = bound;
        lastBucket = v;
        negativeLe |= bound < 0;
        if (bound == Double.POSITIVE_INFINITY) {
          sawInf = true;
          infBucket = v;
        }
      }
      case COUNT, GCOUNT -> {
        count(v, suffix.name().toLowerCase());
        if (hasCount) {
          throw valueError("second _" + suffix.name().toLowerCase() + " in one metric point");
        }
        hasCount = true;
        count = v;
      }
      case SUM, GSUM -> {
        if (Double.isNaN(v) || (suffix == Suffix.SUM && v < 0)) {
          throw valueError("_" + suffix.name().toLowerCase() + " must not be NaN"
              + (suffix == Suffix.SUM ? " or negative" : ""));
        }
        if (hasSum) {
          throw valueError("second _" + suffix.name().toLowerCase() + " in one metric point");
        }
        hasSum = true;
      }
      default -> { }
    }
  }

  /** Bucket and count values: integers, not negative, not NaN. */
  private void count(double v, String what) throws ParseException {
    if (Double.isNaN(v) || v < 0 || v != Math.rint(v)) {
      throw valueError(what + " value must be a non-negative integer");
    }
  }

  private void nonNegative(double v, String what) throws ParseException {
    if (Double.isNaN(v) || v < 0) {
      throw valueError(what + " must not be NaN or negative");
    }
  }

  private ParseException valueError(String message) {
    return p.errorAt(p.valueStart, message);
  }

  /** le and quantile values: real numbers (le may also be exactly +Inf or -Inf), not NaN. */
  private double labelNumber(int slot, boolean le) throws ParseException {
    int s = p.labels[slot + 2];
    int e = p.labels[slot + 3];
    if (le && is(p.buf, s, e, "+Inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (le && is(p.buf, s, e, "-Inf")) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = Numbers.parse(p.buf, s, e, false);
    if (Numbers.failed(d)) {
      throw p.errorAt(s, "invalid " + (le ? "le" : "quantile") + " value \""
          + new String(p.buf, s, e - s, StandardCharsets.UTF_8) + "\"");
    }
    return d;
  }

  // ---------------------------------------------------------------- metrics and points

  /** Tracks metric identity: a metric's samples must be contiguous within its family. */
  private void metric(int special) throws ParseException {
    long key = 0x51ED27L;
    byte[] b = p.buf;
    int[] ls = p.labels;
    for (int i = 0, e = p.labelCount * BaseParser.SLOTS; i < e; i += BaseParser.SLOTS) {
      if (i != special) {
        // Order-independent: the same label set written in another order is the same metric.
        long h = StringCache.hash64(b, ls[i], ls[i + 1]) * 31 + StringCache.hash64(b, ls[i + 2],
            ls[i + 3]);
        key += mix(h);
      }
    }
    if (inMetric && key == metricKey) {
      return;
    }
    finishMetric();
    if (!seenMetrics.add(key)) {
      throw p.errorAt(p.seriesStart, "samples of one metric of " + family
          + " are interleaved with other metrics");
    }
    inMetric = true;
    metricKey = key;
    tsPresence = 0;
    lastTs = Double.NEGATIVE_INFINITY;
    resetPoint();
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  private void timestamps() throws ParseException {
    if (p.hasTs) {
      if (tsPresence == 2) {
        throw p.errorAt(p.valueStart, "a metric's samples must all have timestamps or none");
      }
      tsPresence = 1;
      if (p.tsSeconds < lastTs) {
        throw p.errorAt(p.valueStart, "timestamps of a metric must not go backwards");
      }
      lastTs = p.tsSeconds;
      if (pointHasTs && p.tsSeconds != pointTs) {
        finishPoint(); // a new timestamp starts the metric's next point
        resetPoint();
      }
      pointHasTs = true;
      pointTs = p.tsSeconds;
    } else {
      if (tsPresence == 1) {
        throw p.errorAt(p.valueStart, "a metric's samples must all have timestamps or none");
      }
      tsPresence = 2;
    }
  }

  private void finishMetric() throws ParseException {
    if (inMetric) {
      finishPoint();
      inMetric = false;
    }
  }

  private void resetPoint() {
    pointHasTs = false;
    anyBucket = sawInf = negativeLe = hasCount = hasSum = false;
    lastLe = Double.NEGATIVE_INFINITY;
    lastBucket = 0;
  }

  private void finishPoint() throws ParseException {
    if (type != MetricType.HISTOGRAM && type != MetricType.GAUGEHISTOGRAM) {
      return;
    }
    boolean gauge = type == MetricType.GAUGEHISTOGRAM;
    String c = gauge ? "_gcount" : "_count";
    String s = gauge ? "_gsum" : "_sum";
    String where = " (" + type.name().toLowerCase() + " " + family + ", ending at line "
        + p.line + ")";
    if ((anyBucket || hasCount || hasSum) && !sawInf) {
      throw p.errorAt(p.lineStart, "histogram point without a +Inf bucket" + where);
    }
    if (hasCount != hasSum) {
      throw p.errorAt(p.lineStart, c + " and " + s + " must be present together" + where);
    }
    if (hasCount && count != infBucket) {
      throw p.errorAt(p.lineStart, c + " must equal the +Inf bucket" + where);
    }
    if (hasSum && negativeLe && !gauge) {
      throw p.errorAt(p.lineStart, "a histogram with negative buckets must not have _sum"
          + where);
    }
  }

  /** Open-addressing set of longs; cleared per family. */
  static final class LongSet {
    private long[] keys = new long[64];
    private boolean[] used = new boolean[64];
    private int size;

    boolean add(long k) {
      if (size * 2 >= keys.length) {
        grow();
      }
      int m = keys.length - 1;
      int i = (int) mix(k) & m;
      while (used[i]) {
        if (keys[i] == k) {
          return false;
        }
        i = (i + 1) & m;
      }
      used[i] = true;
      keys[i] = k;
      size++;
      return true;
    }

    void clear() {
      if (size > 0) {
        Arrays.fill(used, false);
        size = 0;
      }
    }

    private void grow() {
      long[] ok = keys;
      boolean[] ou = used;
      keys = new long[ok.length * 2];
      used = new boolean[ok.length * 2];
      size = 0;
      for (int i = 0; i < ok.length; i++) {
        if (ou[i]) {
          add(ok[i]);
        }
      }
    }
  }
}

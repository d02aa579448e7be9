package dev.vigil.server.config;

/**
 * Per-scrape limits; 0 means no limit. A scrape config inherits each limit it leaves at 0 from
 * the global section.
 *
 * @param bodySizeLimit uncompressed body size in bytes
 */
public record ScrapeLimits(
    long bodySizeLimit,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long targetLimit,
    long keepDroppedTargets) {

  public static final ScrapeLimits NONE = new ScrapeLimits(0, 0, 0, 0, 0, 0, 0);

  /** These limits with every unset (0) one taken from {@code global}. */
  public ScrapeLimits orElse(ScrapeLimits global) {
    return new ScrapeLimits(
        bodySizeLimit != 0 ? bodySizeLimit : global.bodySizeLimit,
        sampleLimit != 0 ? sampleLimit : global.sampleLimit,
        labelLimit != 0 ? labelLimit : global.labelLimit,
        labelNameLengthLimit != 0 ? labelNameLengthLimit : global.labelNameLengthLimit,
        labelValueLengthLimit != 0 ? labelValueLengthLimit : global.labelValueLengthLimit,
        targetLimit != 0 ? targetLimit : global.targetLimit,
        keepDroppedTargets != 0 ? keepDroppedTargets : global.keepDroppedTargets);
  }
}

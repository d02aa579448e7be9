package dev.vigil.server.alerting.receivers;

import dev.vigil.server.config.Fields;

/** An SMTP {@code smarthost}: {@code host:port}, the port required, IPv6 in brackets. */
record Smarthost(String host, int port) {
  /** @return the smarthost, or null after reporting why {@code text} is not one */
  static Smarthost parse(String text, Fields f, String key) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535 || host.isEmpty()) {
        throw new NumberFormatException();
      }
      return new Smarthost(host, port);
    } catch (NumberFormatException e) {
      f.error(key, "invalid smarthost \"" + text + "\": expected host:port, e.g. "
          + "smtp.example.org:587");
      return null;
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

package dev.vigil.server.alerting;

/**
 * One entry of a receiver's {@code <type>_configs} list, ready to send: a Slack channel, a
 * webhook URL, an email address. Safe for concurrent calls (different groups notify in
 * parallel); retries are the pipeline's job, not the integration's.
 */
public interface Integration {
  /** The configuration key without {@code _configs}: {@code slack}, {@code webhook}, {@code email}. */
  String type();

  /** The position in the receiver's list of this type, from 0, as Alertmanager numbers them. */
  int index();

  /** Whether resolved notifications are sent ({@code send_resolved}). */
  boolean sendResolved();

  /**
   * Delivers one notification, blocking until the endpoint answered or a timeout passed.
   *
   * @throws NotifyException when it was not delivered; the message says why in words a person
   *     can act on (endpoint, status, the start of the response body)
   */
  void send(NotificationData data) throws NotifyException;
}

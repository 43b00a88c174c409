package dev.hearth.server.config;

/** Store URLs as they may be shown: without a password. */
public final class StoreUrls {
  private StoreUrls() {}

  /** {@code url} with the password of {@code user:password@} replaced by {@code ***}. */
  public static String redacted(String url) {
    return url.replaceFirst("://([^:/@]*):[^@/]*@", "://$1:***@");
  }
}

package dev.hearth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretFormsTest {

  @Test
  void base64FormsAreFoundInsideTheBase64OfAnyPrefixedText() {
    String secret = "s3cret-value";
    for (String prefix : new String[] {"", "u", "us", "user:", "Basic x"}) {
      String encoded = Base64.getEncoder().encodeToString((prefix + secret + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(SecretForms.base64AtEveryOffset(secret)).as("prefix '%s'", prefix).anyMatch(encoded::contains);
    }
  }

  @Test
  void urlFormsAreTheFormEncodingItsPercentTwentyVariantAndRfc3986() {
    assertThat(SecretForms.urlEncoded("a b*~&")).containsExactly("a+b*%7E%26", "a%20b*%7E%26", "a%20b%2A~%26");
    assertThat(SecretForms.urlEncoded("plain-value")).containsExactly("plain-value");
  }
}

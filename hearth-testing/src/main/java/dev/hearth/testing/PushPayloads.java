package dev.hearth.testing;

import java.nio.charset.StandardCharsets;

/** Push webhook payloads shaped like GitHub's (the fields Hearth reads, and the usual neighbours). */
public final class PushPayloads {
  private PushPayloads() {}

  /** A push of {@code sha} to {@code branch} of {@code fullName}, cloned from {@code cloneUrl}. */
  public static byte[] push(String fullName, String cloneUrl, String branch, String sha) {
    String owner = fullName.substring(0, fullName.indexOf('/'));
    String name = fullName.substring(fullName.indexOf('/') + 1);
    String json = """
        {"ref":"refs/heads/%4$s","before":"0000000000000000000000000000000000000000","after":"%5$s",
         "created":true,"deleted":false,"forced":false,"base_ref":null,
         "compare":"https://github.com/%1$s/compare/%5$s","commits":[{"id":"%5$s","message":"test","distinct":true,
         "author":{"name":"t","email":"t@example.com","username":"t"},"added":[],"removed":[],"modified":[]}],
         "head_commit":{"id":"%5$s","message":"test","author":{"name":"t","email":"t@example.com"}},
         "repository":{"id":186853002,"name":"%3$s","full_name":"%1$s","private":false,
           "owner":{"name":"%2$s","login":"%2$s","id":21031067,"type":"User"},
           "html_url":"https://github.com/%1$s","fork":false,"clone_url":"%6$s","default_branch":"%4$s",
           "master_branch":"%4$s"},
         "pusher":{"name":"%2$s","email":"t@example.com"},
         "sender":{"login":"%2$s","id":21031067,"type":"User"}}
        """.formatted(fullName, owner, name, branch, sha, cloneUrl);
    return json.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.hearth.server;

import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.Store;
import dev.hearth.testing.WebhookClient;
import dev.hearth.vm.host.HostVmProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A real {@code hearth serve} in this JVM on a free loopback port, with the host provider, over a store URL. */
final class ServeFixture implements AutoCloseable {
  final HostVmProvider provider;
  final HearthServer server;
  final WebhookClient client;

  private ServeFixture(HostVmProvider provider, HearthServer server) {
    this.provider = provider;
    this.server = server;
    this.client = new WebhookClient(server.port());
  }

  static ServerConfig config(Path dataDir, String storeUrl, String gitBaseUrl, List<String> secrets) {
    return new ServerConfig("127.0.0.1", 0, dataDir, storeUrl, "host", 2, secrets,
        gitBaseUrl == null ? null : URI.create(gitBaseUrl), null, Map.of("TOKEN", "s3cr3t-value"), GitHubSettings.defaults());
  }

  static ServeFixture start(ServerConfig config) {
    HostVmProvider provider = HostVmProvider.create(config.dataDir().resolve("vms"));
    HearthServer server = HearthServer.start(config, HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())));
    return new ServeFixture(provider, server);
  }

  Store store() {
    return server.store();
  }

  @Override
  public void close() {
    server.close();
    provider.close();
  }
}

package dev.hearth.engine.step;

import dev.hearth.vm.VmProvider;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real host VM provider for these tests. hearth-engine does not depend on hearth-vm (not even
 * in test scope), so the provider is loaded from the sibling module's build output or the local
 * Maven repository — build it first ({@code mvnw install -pl hearth-vm -am}). When hearth-vm is on
 * the test class path it is used directly.
 */
final class HostVms {
  private static final String CLASS = "dev.hearth.vm.host.HostVmProvider";

  private HostVms() {}

  static VmProvider provider(Path root) {
    try {
      Class<?> type = load();
      Method create = type.getMethod("create", Path.class);
      return (VmProvider) create.invoke(null, root);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create the host VM provider: " + e, e);
    }
  }

  private static Class<?> load() throws ClassNotFoundException {
    try {
      return Class.forName(CLASS);
    } catch (ClassNotFoundException notOnClassPath) {
      List<URL> urls = new ArrayList<>();
      for (Path p : candidates()) {
        if (Files.exists(p)) urls.add(url(p));
      }
      if (urls.isEmpty()) {
        throw new ClassNotFoundException(CLASS + " not found: build hearth-vm first (mvnw install -pl hearth-vm -am); looked in "
            + candidates());
      }
      ClassLoader loader = new URLClassLoader(urls.subList(0, 1).toArray(URL[]::new), HostVms.class.getClassLoader());
      return Class.forName(CLASS, true, loader);
    }
  }

  private static List<Path> candidates() {
    Path module = Path.of("").toAbsolutePath();
    String version = "0.1.0-SNAPSHOT";
    return List.of(
        module.resolveSibling("hearth-vm").resolve("target/classes"),
        module.resolve("hearth-vm/target/classes"),
        Path.of(System.getProperty("user.home"), ".m2/repository/dev/hearth/hearth-vm", version,
            "hearth-vm-" + version + ".jar"));
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.hearth.vm.microvm;

import dev.hearth.vm.VmException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The disk that enforces a run's {@code diskMb}: a sparse file of exactly that size in the VM's
 * runtime directory, attached as a virtio-blk disk with serial {@value #SERIAL}, formatted ext4 on the
 * host (no journal, no reserved blocks: the whole quota is the run's) and mounted by the agent's
 * RESUME on the guest's work directory. A write past it fails in the guest with "No space left on
 * device"; QEMU writes nothing past the file's size, so the host's disk use for the workspace never
 * exceeds the quota. The file goes with the runtime directory when the VM is released.
 */
final class WorkDisk {
  /** The virtio-blk serial the agent looks for. */
  static final String SERIAL = "hearth-work";
  static final String FILE = "work.img";
  private static final long FORMAT_LIMIT_SECONDS = 60;

  private WorkDisk() {}

  /** Makes the workspace disk {@code command} attaches, if any, in the runtime directory {@code dir}. */
  static void prepare(String vmId, QemuCommand command, Path dir, boolean format) throws VmException, InterruptedException {
    if (command.diskMb() > 0) create(vmId, dir, command.diskMb(), format);
  }

  /**
   * Makes {@code dir/work.img} of {@code sizeMb} MiB; formatted when {@code format} (a snapshot's
   * template gets the same device unformatted: it never mounts it).
   */
  static Path create(String vmId, Path dir, long sizeMb, boolean format) throws VmException, InterruptedException {
    Path file = dir.resolve(FILE);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(sizeMb << 20);
    } catch (IOException e) {
      throw new VmException("vm=" + vmId + ": cannot create the workspace disk " + file + " of " + sizeMb + " MiB: " + e.getMessage(), e);
    }
    if (format) format(vmId, file, sizeMb);
    return file;
  }

  private static void format(String vmId, Path file, long sizeMb) throws VmException, InterruptedException {
    List<String> argv = List.of("mke2fs", "-q", "-F", "-t", "ext4", "-O", "^has_journal", "-m", "0", "-L", SERIAL,
        "-E", "root_owner=0:0,nodiscard,lazy_itable_init=1", file.toString());
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().put("LC_ALL", "C");
    try {
      Process mke2fs = builder.start();
      mke2fs.getOutputStream().close();
      String said = new String(mke2fs.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!mke2fs.waitFor(FORMAT_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        mke2fs.destroyForcibly();
        throw new VmException("vm=" + vmId + ": mke2fs did not format the workspace disk " + file + " within " + FORMAT_LIMIT_SECONDS + " s");
      }
      if (mke2fs.exitValue() != 0) {
        throw new VmException("vm=" + vmId + ": cannot format the workspace disk " + file + " (" + sizeMb + " MiB): mke2fs exited with "
            + mke2fs.exitValue() + ": " + said);
      }
    } catch (IOException e) {
      throw new VmException("vm=" + vmId + ": cannot run mke2fs (Debian package e2fsprogs) for the workspace disk: " + e.getMessage(), e);
    }
  }
}

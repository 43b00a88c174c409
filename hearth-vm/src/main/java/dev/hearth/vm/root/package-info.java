/**
 * The read-only system root a sandboxed guest sees, shared by the providers that build a guest's
 * file system out of the host's ({@code sandbox}, {@code gvisor}) and, for {@link
 * dev.hearth.vm.root.GuestEtc}, by those that bring their own image ({@code microvm}).
 *
 * <ul>
 *   <li>{@link dev.hearth.vm.root.SystemRoot#fromHost()} says which host directories a guest sees
 *       read-only ({@code /usr}, {@code /bin}, {@code /sbin}, {@code /lib*} — as the symbolic links
 *       they are on a usrmerge host — plus a short allow-list under {@code /etc}: alternatives, TLS
 *       certificates, the dynamic loader's cache and configuration, time zone, OS identity). Home
 *       directories, {@code /root}, {@code /var}, {@code /run}, {@code /tmp}, {@code /opt}, {@code
 *       /srv}, {@code /mnt}, {@code /media}, {@code /boot} and {@code /etc} as a whole are never
 *       exposed: {@link dev.hearth.vm.root.SystemRoot} refuses a bind that is or contains one of
 *       {@link dev.hearth.vm.root.SystemRoot#NEVER_EXPOSED}.
 *   <li>{@link dev.hearth.vm.root.GuestEtc} is the generated rest of {@code /etc}: {@code passwd}
 *       and {@code group} with the runner user, {@code hosts}, {@code hostname}, {@code
 *       nsswitch.conf} and a {@code resolv.conf} naming the network stack's resolver (or none).
 *   <li>{@link dev.hearth.vm.root.SystemRoot#writeSkeleton} lays both out in a host directory as a
 *       root file system to bind over: the generated files, the symbolic links, and an empty
 *       directory (or file) as the mount point of every bind, because bubblewrap and OCI runtimes
 *       need mount points to exist in a read-only root.
 * </ul>
 *
 * <p>Everything here is immutable and thread-safe; reading the host happens only in {@code fromHost}.
 */
package dev.hearth.vm.root;

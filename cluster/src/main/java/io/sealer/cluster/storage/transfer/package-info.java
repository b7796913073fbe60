/**
 * The transfer port: sector files moved between nodes without passing through the JVM
 * (docs/operator-guide-storage.md, "The transfer port").
 *
 * <p>Serving: {@link io.sealer.cluster.storage.transfer.TransferServer} sends the file (or a
 * directory's tar archive) named by a one-use {@link io.sealer.cluster.storage.transfer.TransferTickets
 * ticket} with {@code sendfile}; {@code /remote}'s stat hands the tickets out to callers it has
 * authenticated. Fetching: {@link io.sealer.cluster.storage.transfer.DirectDownload} reads a
 * ticket URL into the target, by {@code splice} on Linux ({@code SpliceSocket} over
 * {@code LinuxIo}'s system calls) and through Java channels elsewhere. Both block: they run on
 * their own threads and the fetcher's, never on an actor's.
 */
package io.sealer.cluster.storage.transfer;

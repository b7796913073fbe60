/**
 * Where sector files are, and how they move between nodes (docs/operator-guide-storage.md).
 *
 * <p>On every node: {@link io.sealer.cluster.storage.LocalStorage} owns the node's attached
 * paths ({@code storage.json}, each path's {@code sectorstore.json} as
 * {@link io.sealer.cluster.storage.PathMeta}, files laid out by
 * {@link io.sealer.cluster.storage.PathLayout}); {@link io.sealer.cluster.storage.RemoteRoutes}
 * serves them under {@code /remote}; {@link io.sealer.cluster.storage.RemoteFetcher} downloads
 * from other nodes' {@code /remote}, by their transfer ports ({@code storage.transfer}) when
 * they have one, syncing as the bytes arrive ({@link io.sealer.cluster.storage.Writeback}).
 * Both touch the disk and block: call them off actor threads.
 *
 * <p>On the miner: {@link io.sealer.cluster.storage.StorageIndex} (paths, heartbeats, sector
 * declarations, space reservations; best allocation, find-sector, and the scheduler's
 * {@link io.sealer.cluster.storage.SectorLocator}) and {@link io.sealer.cluster.storage.SectorLocks}
 * are pure, single-owner tables meant to live inside one actor; the index's
 * {@link io.sealer.cluster.storage.StorageIndex.Snapshot} is what that actor persists.
 * {@link io.sealer.cluster.storage.SpaceModel} is the disk-per-sector arithmetic both use.
 */
package io.sealer.cluster.storage;

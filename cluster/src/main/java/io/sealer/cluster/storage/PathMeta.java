package io.sealer.cluster.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sealer.core.JsonSerializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A storage path's {@code sectorstore.json}, with Lotus's field names: its identity, what it
 * may hold (CanSeal: sealing scratch data; CanStore: finalized sectors), how much data it gets
 * (Weight; 0 gets none), a byte cap (MaxStorage; 0 = none), its groups, the groups that may
 * pull data from it (AllowTo; empty = all), and type and miner filters (empty = all).
 */
@JsonPropertyOrder({"ID", "Weight", "CanSeal", "CanStore", "MaxStorage", "Groups", "AllowTo", "AllowTypes",
        "DenyTypes", "AllowMiners", "DenyMiners"})
public record PathMeta(
        @JsonProperty("ID") String id,
        @JsonProperty("Weight") long weight,
        @JsonProperty("CanSeal") boolean canSeal,
        @JsonProperty("CanStore") boolean canStore,
        @JsonProperty("MaxStorage") long maxStorage,
        @JsonProperty("Groups") List<String> groups,
        @JsonProperty("AllowTo") List<String> allowTo,
        @JsonProperty("AllowTypes") List<String> allowTypes,
        @JsonProperty("DenyTypes") List<String> denyTypes,
        @JsonProperty("AllowMiners") List<String> allowMiners,
        @JsonProperty("DenyMiners") List<String> denyMiners) implements JsonSerializable {

    public PathMeta {
        groups = groups == null ? List.of() : List.copyOf(groups);
        allowTo = allowTo == null ? List.of() : List.copyOf(allowTo);
        allowTypes = allowTypes == null ? List.of() : List.copyOf(allowTypes);
        denyTypes = denyTypes == null ? List.of() : List.copyOf(denyTypes);
        allowMiners = allowMiners == null ? List.of() : List.copyOf(allowMiners);
        denyMiners = denyMiners == null ? List.of() : List.copyOf(denyMiners);
    }

    /** Whether this path may hold files of {@code type} (AllowTypes, when set, lists it; DenyTypes does not). */
    public boolean allows(FileType type) {
        return (allowTypes.isEmpty() || allowTypes.contains(type.dir())) && !denyTypes.contains(type.dir());
    }

    /** Whether this path may hold data of miner {@code minerId} (as {@code t0<id>} or {@code f0<id>}). */
    public boolean allowsMiner(long minerId) {
        List<String> names = List.of("t0" + minerId, "f0" + minerId);
        return (allowMiners.isEmpty() || allowMiners.stream().anyMatch(names::contains))
                && denyMiners.stream().noneMatch(names::contains);
    }

    /** The types in AllowTypes and DenyTypes, checked: an unknown name is an IllegalArgumentException. */
    public Set<FileType> checkedTypes() {
        Set<FileType> all = EnumSet.noneOf(FileType.class);
        for (String t : allowTypes) {
            all.add(FileType.parse(t));
        }
        for (String t : denyTypes) {
            all.add(FileType.parse(t));
        }
        return all;
    }
}

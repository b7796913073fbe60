package io.sealer.core;

/** Marker for every message, event and state that crosses nodes or is persisted (Jackson JSON). */
public interface JsonSerializable {}

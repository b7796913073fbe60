package io.sealer.cluster.api;

/** The JSON body of every error the API answers: a short code and a sentence naming what was wrong. */
public record ApiError(String error, String detail) {}

package io.sealer.cluster.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.sealer.cluster.api.ApiJson;
import io.sealer.core.JsonSerializable;
import io.sealer.core.sched.WaitExplanation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The scheduler's state as {@code sealer sealing sched-diag} prints it and
 * {@code Filecoin.SealingSchedDiag} returns it, with Lotus's field names. Keys come out in
 * alphabetical order and empty lists as {@code null}, as the seed's output does (its object
 * passes through a map on the way).
 *
 * @param callToWork   {@code "<miner>-<sector>-<call uuid>"} to {@code "<task type>(<params json>)"}
 * @param earlyRet     results that came back before their call was recorded
 * @param returnedWork work whose result came back and waits to be collected
 * @param waiting      work the miner waits on
 * @param why          why the queued tasks wait, by sector (this node's addition; left out when
 *                     empty, so that the output is then exactly the seed's)
 */
@JsonPropertyOrder(alphabetic = true)
public record SchedDiag(
        @JsonProperty("CallToWork") Map<String, String> callToWork,
        @JsonProperty("EarlyRet") List<String> earlyRet,
        @JsonProperty("ReturnedWork") List<String> returnedWork,
        @JsonProperty("SchedInfo") SchedInfo schedInfo,
        @JsonProperty("Waiting") List<String> waiting,
        @JsonProperty("Why") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WaitExplanation> why)
        implements JsonSerializable {

    private static final ObjectWriter PRETTY = ApiJson.MAPPER.writer(goIndent());

    public SchedDiag {
        callToWork = Collections.unmodifiableSortedMap(new TreeMap<>(callToWork == null ? Map.of() : callToWork));
        earlyRet = nullIfEmpty(earlyRet);
        returnedWork = nullIfEmpty(returnedWork);
        waiting = nullIfEmpty(waiting);
        why = why == null ? List.of() : List.copyOf(why);
        if (schedInfo == null) {
            schedInfo = new SchedInfo(null, null);
        }
    }

    /** The seed's diagnosis, without explanations. */
    public SchedDiag(Map<String, String> callToWork, List<String> earlyRet, List<String> returnedWork, SchedInfo schedInfo,
            List<String> waiting) {
        this(callToWork, earlyRet, returnedWork, schedInfo, waiting, List.of());
    }

    /** The queue and the open windows. */
    @JsonPropertyOrder(alphabetic = true)
    public record SchedInfo(
            @JsonProperty("OpenWindows") List<String> openWindows,
            @JsonProperty("Requests") List<Request> requests) {
        public SchedInfo {
            openWindows = nullIfEmpty(openWindows);
            requests = nullIfEmpty(requests);
        }
    }

    /** A queued request: its sector, task type (wire name), priority and scheduler id. */
    @JsonPropertyOrder(alphabetic = true)
    public record Request(
            @JsonProperty("Priority") int priority,
            @JsonProperty("SchedId") UUID schedId,
            @JsonProperty("Sector") Sector sector,
            @JsonProperty("TaskType") String taskType) {}

    /** A sector id as Lotus writes it. */
    @JsonPropertyOrder(alphabetic = true)
    public record Sector(@JsonProperty("Miner") long miner, @JsonProperty("Number") long number) {}

    /** The JSON the command prints: two-space indent, one value per line, like Go's MarshalIndent. */
    public String toPrettyJson() {
        try {
            return PRETTY.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scheduler diagnostics as JSON", e);
        }
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : List.copyOf(list);
    }

    private static DefaultPrettyPrinter goIndent() {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indent).withArrayIndenter(indent);
    }
}

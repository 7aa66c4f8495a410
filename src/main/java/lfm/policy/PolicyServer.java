package lfm.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.data.DataMatrix;

/**
 * The line protocol of {@code lfm policy serve} (docs/policy.md), so that a simulator in any language
 * can drive a policy through standard input and output. Text, UTF-8, one request per line:
 * <pre>
 *   server, at start:  {"protocol": "lfm-policy/1", "method": ..., "observation_size": O, "action_size": A,
 *                       "history": h, "horizon": H, "execute": e}
 *   request:           k·h·O numbers: k conditions, each the last h observations (oldest first)
 *   answer:            k·H·A numbers: k chunks, each H actions (the first action first)
 *   "seed N"        →  "ok": the sampling noise restarts from seed N (a run of requests is reproducible)
 *   "stats"         →  one JSON line: requests, chunks, evaluations per chunk, milliseconds per request
 *                       and per chunk (mean and median)
 *   "quit" or EOF   →  the server exits with status 0
 *   anything else   →  "error: MESSAGE" (the server keeps serving)
 * </pre>
 * Numbers are separated by spaces and written in Java's shortest round-trip form for float32 (e.g.
 * 0.125, -3.0E-4), which every language's float parser reads back exactly.
 */
public final class PolicyServer {
    public static final String PROTOCOL = "lfm-policy/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Policy policy;
    private final String method;
    private final List<Double> requestMillis = new ArrayList<>();
    private long chunks;
    private long evaluations;

    public PolicyServer(Policy policy, String method) {
        this.policy = policy;
        this.method = method;
    }

    /** The header line the server writes first. */
    public String header() {
        PolicyShape shape = policy.shape();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("protocol", PROTOCOL);
        header.put("method", method);
        header.put("observation_size", shape.observationSize());
        header.put("action_size", shape.actionSize());
        header.put("history", shape.history());
        header.put("horizon", shape.horizon());
        header.put("execute", shape.execute());
        return json(header);
    }

    /** Serves until EOF or "quit"; flushes after every answer. */
    public void serve(BufferedReader in, PrintWriter out) throws IOException {
        out.println(header());
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String request = line.strip();
            if (request.equals("quit")) {
                break;
            }
            out.println(answer(request));
            out.flush();
        }
    }

    /** The answer line to one request line. */
    public String answer(String request) {
        try {
            if (request.equals("stats")) {
                return json(stats());
            }
            if (request.startsWith("seed")) {
                policy.reseed(Long.parseLong(request.substring(4).strip()));
                return "ok";
            }
            return chunks(parse(request));
        } catch (IllegalArgumentException bad) {
            return "error: " + bad.getMessage();
        }
    }

    private DataMatrix parse(String request) {
        if (request.isEmpty()) {
            throw new IllegalArgumentException("empty request (expected k·"
                    + policy.shape().conditionSize() + " numbers, \"seed N\", \"stats\" or \"quit\")");
        }
        String[] fields = request.split("\\s+", -1);
        int size = policy.shape().conditionSize();
        if (fields.length % size != 0) {
            throw new IllegalArgumentException(fields.length + " numbers is not a multiple of history·O = " + size);
        }
        float[] values = new float[fields.length];
        for (int i = 0; i < fields.length; i++) {
            float value;
            try {
                value = Float.parseFloat(fields[i]);
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("'" + fields[i] + "' (number " + (i + 1) + ") is not a number");
            }
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("number " + (i + 1) + " is " + fields[i]);
            }
            values[i] = value;
        }
        return new DataMatrix(fields.length / size, size, values);
    }

    private String chunks(DataMatrix conditions) {
        long started = System.nanoTime();
        DataMatrix actions = policy.act(conditions);
        requestMillis.add((System.nanoTime() - started) / 1e6);
        chunks += conditions.rows();
        evaluations += policy.lastEvaluations();
        StringBuilder line = new StringBuilder(actions.values().length * 12);
        for (float value : actions.values()) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(value);
        }
        return line.toString();
    }

    /** Counts and times so far. */
    public Map<String, Object> stats() {
        List<Double> sorted = new ArrayList<>(requestMillis);
        sorted.sort(null);
        double total = sorted.stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", requestMillis.size());
        stats.put("chunks", chunks);
        stats.put("evaluations_per_chunk", requestMillis.isEmpty() ? 0 : (double) evaluations / requestMillis.size());
        stats.put("ms_per_request_mean", sorted.isEmpty() ? 0 : total / sorted.size());
        stats.put("ms_per_request_median", sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2));
        stats.put("ms_per_chunk_mean", chunks == 0 ? 0 : total / chunks);
        return stats;
    }

    private static String json(Map<String, Object> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

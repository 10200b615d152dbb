package com.uberpopug.ates.devstack.testing;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Input no endpoint of aTES may answer with a 5xx, drawn by jqwik's generators: text with a NUL, other control
 * characters or half a surrogate pair, very long text, numbers far out of range, malformed dates and ids, and JSON
 * of the wrong type. Every service's malformed-input test throws it at each of its endpoints and expects a 4xx
 * problem, with nothing written.
 *
 * <p>Each kind gives its fixed examples (the cases known to matter), then as many values as asked drawn by jqwik.
 * jqwik's own engine cannot start a Quarkus application, so the tests draw inside a {@code @QuarkusTest}, and each
 * names the value it sent when it fails.
 */
public final class MalformedInput {

    private MalformedInput() {}

    /**
     * The answers to {@code values} that are not a 4xx problem ({@code application/problem+json}), each with the
     * value that was sent, spelt out: empty when the endpoint refused every one as it should.
     */
    public static List<String> notRefused(List<String> values, Function<String, Response> request) {
        List<String> wrong = new ArrayList<>();
        for (String value : values) {
            Response answer = request.apply(value);
            if (answer.statusCode() < 400
                    || answer.statusCode() >= 500
                    || !String.valueOf(answer.contentType()).startsWith("application/problem+json")) {
                wrong.add(answer.statusCode() + " " + answer.contentType() + " for " + printable(value) + ": "
                        + answer.asString());
            }
        }
        return wrong;
    }

    /** The value with what cannot be printed spelt out, and a long one cut short. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints()
                .limit(60)
                .forEach(c -> out.append(
                        c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)
                                ? String.format("\\u%04x", c)
                                : Character.toString(c)));
        return out.append(value.length() > 60 ? "...(" + value.length() + " chars)\"" : "\"")
                .toString();
    }

    /** Every example below, then {@code count} drawn ones. */
    private static List<String> examplesAndDraws(List<String> examples, Arbitrary<String> drawn, int count) {
        return Stream.concat(examples.stream(), drawn.sampleStream().limit(count))
                .toList();
    }

    /**
     * Text nobody types, in a body: a NUL, another control character, half a surrogate pair, or far more than any
     * field holds (10,000 characters is the longest a field allows).
     */
    public static List<String> texts(int count) {
        return examplesAndDraws(
                List.of("\u0000", "Fix\u0000it", "\ud800", "a\udc00b", "\u0007", "x".repeat(10_001)),
                Arbitraries.frequencyOf(
                        Tuple.of(4, unprintable()),
                        Tuple.of(
                                1,
                                Arbitraries.integers().between(10_001, 20_000).map("x"::repeat))),
                count);
    }

    /**
     * Text nobody types, in a query or path parameter: as {@link #texts}, and long where no parameter is (a URL's
     * first line is at most 4,096 bytes, so that the service, not the HTTP layer, answers).
     */
    public static List<String> parameters(int count) {
        return examplesAndDraws(
                List.of("\u0000", "OPEN\u0000", "\ud800", "\u001b[31m", "x".repeat(3_000)), parameter(), count);
    }

    /** What a date parameter should never be taken for: impossible days, other formats, years out of range, text. */
    public static List<String> dates(int count) {
        return examplesAndDraws(
                List.of(
                        "2026-02-30",
                        "2026-13-01",
                        "2026-00-10",
                        "26-03-01",
                        "01.03.2026",
                        "2026/03/01",
                        "+999999999-01-01",
                        "-0001-01-01",
                        "0000-01-01",
                        "+10000-01-01",
                        "yesterday",
                        "2026-03-01T00:00:00Z",
                        "20260301"),
                parameter(),
                count);
    }

    /** What a whole-number parameter should never be taken for: out of range, fractions, other notations, text. */
    public static List<String> numbers(int count) {
        return examplesAndDraws(
                List.of(
                        "-1",
                        "-2147483649",
                        "2147483648",
                        "99999999999999999999",
                        "1.5",
                        "1e3",
                        "0x10",
                        "NaN",
                        "Infinity",
                        "one"),
                Arbitraries.oneOf(Arbitraries.longs().lessOrEqual(-1).map(String::valueOf), parameter()),
                count);
    }

    /** Ids that name nothing: not a uuid, or a uuid-shaped string with what a uuid never holds. */
    public static List<String> ids(int count) {
        return examplesAndDraws(
                List.of(
                        "not-an-id",
                        "00000000-0000-0000-0000-00000000000g",
                        "6f1c2a8e0d3b4c559f5e2b7a1d0c9e41",
                        "%2e%2e",
                        "-1"),
                parameter(),
                count);
    }

    /** A JSON value of the wrong type for a text field (null is not one: an optional field may be null). */
    public static List<String> jsonOfTheWrongType() {
        return List.of(
                "42",
                "-1",
                "1e309",
                "123456789012345678901234567890",
                "true",
                "false",
                "[]",
                "[\"a\"]",
                "{}",
                "{\"a\":1}");
    }

    private static Arbitrary<String> parameter() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, unprintable()),
                Tuple.of(1, Arbitraries.integers().between(300, 3_000).map("x"::repeat)));
    }

    private static Arbitrary<String> unprintable() {
        Arbitrary<String> around = Arbitraries.strings().alpha().ofMaxLength(8);
        Arbitrary<Character> character = Arbitraries.oneOf(
                Arbitraries.of('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085'),
                Arbitraries.chars().range('\ud800', '\udfff'));
        return Combinators.combine(around, character, around).as((before, c, after) -> before + c + after);
    }
}

package com.uberpopug.ates.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Billing as the accountant sees it through the API: accounts, today's entries, sums. */
final class BillingView {

    private BillingView() {}

    static List<Map<String, Object>> accounts() {
        return WholeSystem.get()
                .as("accountant", "billing")
                .get("/api/accounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** Every entry since the run started (all its billing days), each with the user name of its account as "owner". */
    static List<Map<String, Object>> allEntries() {
        List<Map<String, Object>> all = new ArrayList<>();
        WholeSystem system = WholeSystem.get();
        for (LocalDate day = system.firstDay(); !day.isAfter(system.today()); day = day.plusDays(1)) {
            all.addAll(entries(day));
        }
        return all;
    }

    /** Every entry of one billing day, each with the user name of its account as "owner". */
    static List<Map<String, Object>> entries(LocalDate day) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> account : accounts()) {
            List<Map<String, Object>> entries = WholeSystem.get()
                    .as("accountant", "billing")
                    .queryParam("date", day.toString())
                    .get("/api/accounts/" + account.get("id") + "/entries")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            for (Map<String, Object> entry : entries) {
                Map<String, Object> owned = new HashMap<>(entry);
                owned.put("owner", account.get("username"));
                all.add(owned);
            }
        }
        return all;
    }

    static Map<String, List<Map<String, Object>>> entriesByTask(String type) {
        return allEntries().stream()
                .filter(e -> type.equals(e.get("type")) && e.get("taskId") != null)
                .collect(Collectors.groupingBy(e -> (String) e.get("taskId")));
    }

    /** Waits until billing holds exactly one entry of {@code type} for each of {@code taskIds}, no more. */
    static void awaitOneEntryEach(String type, Collection<String> taskIds, Duration within) {
        await().atMost(within).untilAsserted(() -> {
            Map<String, List<Map<String, Object>>> entries = entriesByTask(type);
            assertThat(taskIds)
                    .allSatisfy(id -> assertThat(entries.get(id))
                            .as("%s entries of task %s", type, id)
                            .hasSize(1));
        });
    }

    static BigDecimal sum(List<Map<String, Object>> entries, String type) {
        return entries.stream()
                .filter(e -> type.equals(e.get("type")))
                .map(BillingView::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * Asserts that every balance is the sum of its account's entries, as billing's API shows them. The entries and
     * the balances are two reads, so an entry written between them (an event still in flight) shows as a difference
     * for a moment: the check is repeated until the two reads agree or {@code within} passes. A balance that really
     * differs from its entries differs in every read and fails.
     */
    static void assertEveryBalanceIsTheSumOfItsEntries(Duration within) {
        await().atMost(within)
                .untilAsserted(() -> assertThat(balancesOffTheirEntries(allEntries()))
                        .as("balances that are not the sum of their entries")
                        .isEmpty());
    }

    /**
     * The accounts whose balance is not the sum of their {@code entries} (from {@link #allEntries()}), each as "user
     * balance != sum"; empty when the ledger adds up.
     */
    static List<String> balancesOffTheirEntries(List<Map<String, Object>> entries) {
        Map<String, BigDecimal> sums = entries.stream()
                .collect(Collectors.groupingBy(
                        e -> (String) e.get("owner"),
                        Collectors.reducing(BigDecimal.ZERO, BillingView::amount, BigDecimal::add)));
        List<String> off = new ArrayList<>();
        for (Map<String, Object> account : accounts()) {
            String user = (String) account.get("username");
            BigDecimal balance = amount(account, "balance");
            BigDecimal sum = sums.getOrDefault(user, BigDecimal.ZERO);
            if (balance.compareTo(sum) != 0) {
                off.add(user + " " + balance + " != " + sum);
            }
        }
        return off;
    }

    static BigDecimal amount(Map<String, Object> entry) {
        return amount(entry, "amount");
    }

    static BigDecimal amount(Map<String, Object> map, String field) {
        return new BigDecimal(String.valueOf(map.get(field)));
    }
}

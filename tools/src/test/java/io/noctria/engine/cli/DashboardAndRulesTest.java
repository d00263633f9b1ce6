package io.noctria.engine.cli;

import io.noctria.engine.testing.ChildJvm;
import io.noctria.engine.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and the Prometheus rules are code the build checks: both parse, the dashboard has its KPI
 * panels with the OKR thresholds drawn on one Prometheus datasource variable, every rule has its expression, its
 * duration, a severity and annotations, and every metric either file queries is one that a real scrape of a demo
 * day's engine exposes — so renaming a metric breaks the build, not the pager. (promtool is not needed.)
 */
class DashboardAndRulesTest
{
    private static final Path DASHBOARD = ChildJvm.configs().resolve("grafana").resolve("noctria-dashboard.json");
    private static final Path RULES = ChildJvm.configs().resolve("prometheus").resolve("noctria-rules.yml");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL words that are not metrics: binary operators and modifiers (functions are told by their "("). */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private static Set<String> exposed;

    @TempDir
    static Path work;

    /** One demo day, stopped, scraped in this JVM: the names a running engine exposes (the same process ran it). */
    @BeforeAll
    static void scrapeADemoDay() throws Exception
    {
        final Path data = work.resolve("data");
        assertEquals(0, Cli.run("--data-dir", data.toString(), "run", "--demo", "60", "--seed", "14", "--fresh",
            "--config", ChildJvm.configs().resolve("engine.yml").toString(),
            "--policy", ChildJvm.configs().resolve("risk_policy.yml").toString()));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(data, "127.0.0.1", 0))
        {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            exposed = new TreeSet<>();
            for (final String series : new ScrapedKpis(response.body()).series().keySet())
            {
                final int brace = series.indexOf('{');
                exposed.add(brace < 0 ? series : series.substring(0, brace));
            }
        }
        assertTrue(exposed.contains("requests_total"), "the full set (this JVM ran the engine): " + exposed);
    }

    @Test
    void shouldGiveEveryRuleAnExpressionADurationASeverityAndAnnotations() throws Exception
    {
        final List<Map<String, Object>> rules = rules();
        assertTrue(rules.size() >= 8, "rules: " + rules.size());
        final Set<String> names = new TreeSet<>();
        for (final Map<String, Object> rule : rules)
        {
            final String name = text(rule, "alert", rule);
            assertTrue(names.add(name), "alert " + name + " twice in " + RULES);
            final String expr = text(rule, "expr", name);
            assertBalanced(expr, RULES + " " + name);
            assertTrue(DURATION.matcher(text(rule, "for", name)).matches(), name + ": for " + rule.get("for"));
            final Map<String, Object> labels = map(rule.get("labels"), name + ".labels");
            assertTrue(Set.of("critical", "warning", "info").contains(String.valueOf(labels.get("severity"))),
                name + ": labels.severity " + labels.get("severity"));
            final Map<String, Object> annotations = map(rule.get("annotations"), name + ".annotations");
            assertFalse(text(annotations, "summary", name).isBlank(), name);
            assertFalse(text(annotations, "description", name).isBlank(), name);
        }
        // The runbook's rules, by what they watch.
        assertRuleWatches(rules, "do_slippage_pct_bucket", "0.30");
        assertRuleWatches(rules, "SLIPPAGE_BREACH", "noctria_alerts_total");
        assertRuleWatches(rules, "broker_api_errors_total", "0.01");
        assertRuleWatches(rules, "do_order_latency_seconds_bucket", "0.4");
        assertRuleWatches(rules, "trading_paused", "== 1");
        assertRuleWatches(rules, "noctria_ready", "== 0");
        assertRuleWatches(rules, "FIX session logged on", "== 0");
    }

    @Test
    void shouldDrawTheOkrThresholdsOnTheDashboardsKpiPanels() throws Exception
    {
        final Map<String, String> json = ReplayJson.flatten(Files.readString(DASHBOARD));
        assertNotNull(json.get("uid"), DASHBOARD + ": uid");
        assertNotNull(json.get("title"), DASHBOARD + ": title");
        assertEquals("datasource", json.get("templating.list.0.name"));
        assertEquals("datasource", json.get("templating.list.0.type"));
        assertEquals("prometheus", json.get("templating.list.0.query"));
        final int panels = count(json, "panels.");
        assertTrue(panels >= 8, "panels: " + panels);
        for (int i = 0; i < panels; i++)
        {
            final String panel = "panels." + i + ".";
            final String title = json.get(panel + "title");
            assertNotNull(title, panel + "title");
            assertNotNull(json.get(panel + "type"), title);
            assertNotNull(json.get(panel + "gridPos.w"), title);
            assertEquals("prometheus", json.get(panel + "datasource.type"), title);
            assertEquals("${datasource}", json.get(panel + "datasource.uid"), title);
            assertTrue(count(json, panel + "targets.") > 0, title + ": no target");
            for (int t = 0; t < count(json, panel + "targets."); t++)
            {
                final String expr = json.get(panel + "targets." + t + ".expr");
                assertNotNull(expr, title + " target " + t);
                assertBalanced(expr, DASHBOARD + " " + title);
            }
        }
        assertThresholdDrawn(json, panels, "do_order_latency_seconds_bucket", "0.4");
        assertThresholdDrawn(json, panels, "do_slippage_pct_bucket", "0.3");
        assertThresholdDrawn(json, panels, "broker_api_errors_total", "0.01");
        assertThresholdDrawn(json, panels, "trading_paused", "1");
        assertPanelFor(json, panels, "noctria_inbound_lag_excerpts");
        assertPanelFor(json, panels, "noctria_reconcile_pending");
    }

    @Test
    void shouldQueryOnlyMetricsARealScrapeExposes() throws Exception
    {
        final List<String> expressions = new ArrayList<>();
        for (final Map<String, Object> rule : rules())
        {
            expressions.add(String.valueOf(rule.get("expr")));
        }
        final Map<String, String> json = ReplayJson.flatten(Files.readString(DASHBOARD));
        json.forEach((path, value) ->
        {
            if (path.endsWith(".expr"))
            {
                expressions.add(value);
            }
        });
        final Set<String> queried = new TreeSet<>();
        for (final String expr : expressions)
        {
            queried.addAll(metricNames(expr));
        }
        assertTrue(queried.size() >= 10, "metrics queried: " + queried);
        final Set<String> unknown = new TreeSet<>(queried);
        unknown.removeAll(exposed);
        // Only an engine with a venue link of its own (FIX) exposes these: FixVenueProcessTest checks the rules' series
        // against its scrape, rather than this class running a demo over FIX (6 s more on each of CI's passes).
        unknown.removeIf(name -> name.startsWith("noctria_venue_link"));
        assertEquals(Set.of(), unknown, "queried by " + DASHBOARD.getFileName() + " or " + RULES.getFileName() +
            " but not on /metrics; exposed: " + exposed);
    }

    @Test
    void shouldTellMetricNamesFromFunctionsLabelsAndRanges()
    {
        assertEquals(Set.of("do_slippage_pct_bucket"),
            metricNames("histogram_quantile(0.90, sum by (le) (rate(do_slippage_pct_bucket{a=\"b c\"}[10m]))) > 0.30"));
        assertEquals(Set.of("broker_api_errors_total", "broker_api_requests_total"),
            metricNames("sum(increase(broker_api_errors_total[10m])) / sum without (x) (broker_api_requests_total) " +
                "and on (job) vector(1)"));
        assertEquals(Set.of("trading_paused"), metricNames("max(trading_paused) == 1"));
    }

    /** @return the metric names a PromQL expression selects. */
    static Set<String> metricNames(final String expr)
    {
        final String bare = expr
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^\\]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        final Set<String> names = new TreeSet<>();
        final Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find())
        {
            final String word = matcher.group();
            final boolean partOfNumber = matcher.start() > 0 && Character.isDigit(bare.charAt(matcher.start() - 1));
            final boolean function = bare.substring(matcher.end()).stripLeading().startsWith("(");
            if (!partOfNumber && !function && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT)))
            {
                names.add(word);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws Exception
    {
        final Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RULES));
        final List<Object> groups = (List<Object>)map(loaded, RULES.toString()).get("groups");
        assertNotNull(groups, RULES + ": groups");
        final List<Map<String, Object>> rules = new ArrayList<>();
        for (final Object group : groups)
        {
            final Map<String, Object> named = map(group, RULES + ": group");
            assertNotNull(named.get("name"), RULES + ": group without a name");
            final Object list = named.get("rules");
            assertTrue(list instanceof List && !((List<Object>)list).isEmpty(), RULES + ": " + named.get("name"));
            for (final Object rule : (List<Object>)list)
            {
                rules.add(map(rule, RULES + ": " + named.get("name")));
            }
        }
        return rules;
    }

    private static void assertRuleWatches(final List<Map<String, Object>> rules, final String what, final String limit)
    {
        for (final Map<String, Object> rule : rules)
        {
            final String expr = String.valueOf(rule.get("expr"));
            if (expr.contains(what) && expr.contains(limit))
            {
                return;
            }
        }
        throw new AssertionError("no rule in " + RULES + " watches " + what + " with " + limit);
    }

    /** A panel querying {@code metric} has a red threshold step at {@code value}, drawn on the graph. */
    private static void assertThresholdDrawn(final Map<String, String> json, final int panels, final String metric,
        final String value)
    {
        for (int i = 0; i < panels; i++)
        {
            final String panel = "panels." + i + ".";
            if (!queries(json, panel, metric))
            {
                continue;
            }
            final String defaults = panel + "fieldConfig.defaults.";
            final String style = json.get(defaults + "custom.thresholdsStyle.mode");
            final boolean drawn = "stat".equals(json.get(panel + "type")) || "line".equals(style) ||
                "area".equals(style) || "line+area".equals(style);
            for (int s = 0; s < count(json, defaults + "thresholds.steps."); s++)
            {
                final String step = defaults + "thresholds.steps." + s + ".";
                if (drawn && json.getOrDefault(step + "value", "null").matches("-?[0-9.]+") &&
                    new java.math.BigDecimal(json.get(step + "value")).compareTo(new java.math.BigDecimal(value)) == 0 &&
                    "red".equals(json.get(step + "color")))
                {
                    return;
                }
            }
        }
        throw new AssertionError("no panel of " + DASHBOARD + " draws " + metric + "'s threshold " + value);
    }

    private static void assertPanelFor(final Map<String, String> json, final int panels, final String metric)
    {
        for (int i = 0; i < panels; i++)
        {
            if (queries(json, "panels." + i + ".", metric))
            {
                return;
            }
        }
        throw new AssertionError("no panel of " + DASHBOARD + " shows " + metric);
    }

    private static boolean queries(final Map<String, String> json, final String panel, final String metric)
    {
        for (int t = 0; t < count(json, panel + "targets."); t++)
        {
            if (metricNames(json.get(panel + "targets." + t + ".expr")).contains(metric))
            {
                return true;
            }
        }
        return false;
    }

    /** @return how many array elements {@code prefix0.}, {@code prefix1.} ... the flattened JSON has. */
    private static int count(final Map<String, String> json, final String prefix)
    {
        int n = 0;
        while (hasPrefix(json, prefix + n + "."))
        {
            n++;
        }
        return n;
    }

    private static boolean hasPrefix(final Map<String, String> json, final String prefix)
    {
        for (final String key : json.keySet())
        {
            if (key.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    private static void assertBalanced(final String expr, final String where)
    {
        int depth = 0;
        for (int i = 0; i < expr.length(); i++)
        {
            final char c = expr.charAt(i);
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            assertTrue(depth >= 0, where + ": unbalanced at " + i + " in " + expr);
        }
        assertEquals(0, depth, where + ": unbalanced " + expr);
    }

    private static String text(final Map<String, Object> map, final String key, final Object where)
    {
        final Object value = map.get(key);
        assertTrue(value != null && !String.valueOf(value).isBlank(), where + ": " + key + " missing");
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object value, final String where)
    {
        assertTrue(value instanceof Map, where + " is not a mapping: " + value);
        return (Map<String, Object>)value;
    }
}

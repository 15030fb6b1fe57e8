package org.neuroprior.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PlotsTest {

    @TempDir
    Path tmp;

    private static final String NCAP_OPTIONS = "{sign_constraints: true, init: constant, sharing: true}";

    /** mlp and ncap x 3 seeds with transfer, plus two ncap ablation variants x 3 seeds. */
    private Map<String, List<Fixtures.Run>> experiment(Path root) throws IOException {
        Map<String, List<Fixtures.Run>> runs = new java.util.LinkedHashMap<>();
        for (int seed = 1; seed <= 3; seed++) {
            // different step offsets and lengths: exercises the common grid
            long offset = seed == 2 ? 16 : 0;
            long last = seed == 3 ? 180000 : 200000;
            runs.computeIfAbsent("mlp", k -> new ArrayList<>()).add(Fixtures.run(root, "mlp-ppo/seed" + seed,
                    Fixtures.config("mlp", "ppo", seed, 73733, null, "{hidden: [256, 256]}"),
                    420 + 40 * seed, 90000, offset, last, seed, true));
            runs.computeIfAbsent("ncap", k -> new ArrayList<>()).add(Fixtures.run(root, "ncap-ppo/seed" + seed,
                    Fixtures.config("ncap", "ppo", seed, 4, "ncap", NCAP_OPTIONS),
                    560 + 25 * seed, 30000, offset, last, seed, true));
            runs.computeIfAbsent("ncap (no sign constraints)", k -> new ArrayList<>()).add(Fixtures.run(root,
                    "ncap-nosign-ppo/seed" + seed,
                    Fixtures.config("ncap", "ppo", seed, 4, "ncap (no sign constraints)",
                            "{sign_constraints: false, init: constant, sharing: true}"),
                    380 + 30 * seed, 50000, 0, 200000, seed, false));
            runs.computeIfAbsent("ncap (random init)", k -> new ArrayList<>()).add(Fixtures.run(root,
                    "ncap-randinit-ppo/seed" + seed,
                    Fixtures.config("ncap", "ppo", seed, 4, "ncap (random init)",
                            "{sign_constraints: true, init: random, sharing: true}"),
                    470 + 35 * seed, 60000, 0, 200000, seed, false));
        }
        return runs;
    }

    private static List<Path> dirs(Map<String, List<Fixtures.Run>> runs) {
        return runs.values().stream().flatMap(List::stream).map(Fixtures.Run::dir).toList();
    }

    private static void assertPng(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " missing");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is not a readable PNG");
        assertEquals(width, img.getWidth(), file + " width");
        if (height > 0) {
            assertEquals(height, img.getHeight(), file + " height");
        }
        // not blank: some pixels differ from white
        int nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        assertTrue(nonWhite > 500, file + " looks empty");
    }

    static String svgText(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(file.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName(), file + " root element");
        return doc.getDocumentElement().getTextContent();
    }

    /** Parses one of our summary CSVs into rows of cells (labels may be quoted). */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = splitCsv(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = splitCsv(line);
            assertEquals(header.size(), cells.size(), file + ": " + line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells;
    }

    /** CSV numbers carry 10 significant digits. */
    private static final double TOL = 1e-6;

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double popStd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static double lastMean(double[] v, int k) {
        return mean(Arrays.copyOfRange(v, v.length - k, v.length));
    }

    @Test
    void writeAllProducesEveryFigureWithCorrectNumbers() throws Exception {
        Map<String, List<Fixtures.Run>> runs = experiment(tmp.resolve("runs"));
        Path out = tmp.resolve("figures");
        List<Path> written = Plots.writeAll(dirs(runs), out);

        Set<String> names = written.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertEquals(Set.of("learning_curves.png", "learning_curves.svg", "learning_curves.csv",
                "final_score_vs_parameters.png", "final_score_vs_parameters.svg", "final_scores.csv",
                "transfer.png", "transfer.svg", "transfer_scores.csv",
                "ablation_ncap.png", "ablation_ncap.svg", "ablation_ncap.csv",
                "final_iqm.png", "final_iqm.svg", "final_iqm.csv", "levels_off.csv"), names);
        for (Path p : written) {
            assertTrue(Files.size(p) > 0, p + " empty");
            if (p.toString().endsWith(".png")) {
                assertPng(p, 900, p.getFileName().toString().startsWith("final_iqm") ? -1 : 560);
            }
        }
        String curvesSvg = svgText(out.resolve("learning_curves.svg"));
        for (String label : runs.keySet()) {
            assertTrue(curvesSvg.contains(label), "learning_curves.svg lacks legend label " + label);
        }
        assertTrue(curvesSvg.contains("std across seeds"), "band explained");
        String finalSvg = svgText(out.resolve("final_score_vs_parameters.svg"));
        assertTrue(finalSvg.contains("mlp") && finalSvg.contains("ncap (random init)"));
        assertTrue(finalSvg.contains("last 5 evaluations"), "final score definition stated");
        String transferSvg = svgText(out.resolve("transfer.svg"));
        assertTrue(transferSvg.contains("mlp") && transferSvg.contains("ncap"));
        assertFalse(transferSvg.contains("random init"), "groups without transfer.csv are not in the transfer figure");
        assertTrue(transferSvg.contains("trained with 6 links"));
        String ablationSvg = svgText(out.resolve("ablation_ncap.svg"));
        assertTrue(ablationSvg.contains("ncap (no sign constraints)") && ablationSvg.contains("ncap (random init)"));
        assertFalse(ablationSvg.contains("mlp"), "mlp has one group only: not an ablation");

        // final_scores.csv against a hand computation: mean of each run's last 5 test scores, then mean/std over seeds
        List<Map<String, String>> finals = csv(out.resolve("final_scores.csv"));
        assertEquals(List.of("mlp", "ncap", "ncap (no sign constraints)", "ncap (random init)"),
                finals.stream().map(r -> r.get("label")).toList());
        for (Map<String, String> row : finals) {
            List<Fixtures.Run> group = runs.get(row.get("label"));
            double[] perRun = group.stream().mapToDouble(r -> lastMean(r.mean(), 5)).toArray();
            assertEquals(mean(perRun), Double.parseDouble(row.get("final_mean")), TOL, row.toString());
            assertEquals(popStd(perRun), Double.parseDouble(row.get("final_std")), TOL, row.toString());
            assertEquals("3", row.get("runs"));
            assertEquals("seeds", row.get("std_over"));
            assertEquals("5", row.get("last_epochs"));
            assertEquals(row.get("label").equals("mlp") ? "73733" : "4", row.get("parameter_count"));
            double minLast = group.stream().mapToDouble(r -> r.steps()[r.steps().length - 1]).min().orElseThrow();
            assertEquals(minLast, Double.parseDouble(row.get("steps")));
        }
        assertEquals(csv(out.resolve("ablation_ncap.csv")).size(), 3);

        // learning_curves.csv: grid limited to the steps every seed reached; values = mean/std of interpolated seeds
        List<Map<String, String>> curve = csv(out.resolve("learning_curves.csv")).stream()
                .filter(r -> r.get("label").equals("mlp")).toList();
        double firstCommon = 10016;  // seed 2 starts at 10016
        double lastCommon = 180000;  // seed 3 stops at 180000
        assertEquals(firstCommon, Double.parseDouble(curve.get(0).get("steps")));
        assertEquals(lastCommon, Double.parseDouble(curve.get(curve.size() - 1).get("steps")));
        for (Map<String, String> row : curve) {
            double step = Double.parseDouble(row.get("steps"));
            double[] values = runs.get("mlp").stream().mapToDouble(r -> interpolateByHand(r.steps(), r.mean(), step))
                    .toArray();
            assertEquals(mean(values), Double.parseDouble(row.get("mean")), TOL, "mean at " + step);
            assertEquals(popStd(values), Double.parseDouble(row.get("std")), TOL, "std at " + step);
        }

        // transfer_scores.csv: mean/std over seeds of each run's mean score per body count
        Map<String, String> t8 = csv(out.resolve("transfer_scores.csv")).stream()
                .filter(r -> r.get("label").equals("ncap") && r.get("bodies").equals("8")).findFirst().orElseThrow();
        double[] at8 = new double[3];
        for (int s = 0; s < 3; s++) {
            List<String> lines = Files.readAllLines(runs.get("ncap").get(s).dir().resolve("transfer.csv"));
            at8[s] = lines.stream().filter(l -> l.startsWith("8,")).mapToDouble(l -> Double.parseDouble(l.split(",")[1]))
                    .findFirst().orElseThrow();
        }
        assertEquals(mean(at8), Double.parseDouble(t8.get("mean")), TOL);
        assertEquals(popStd(at8), Double.parseDouble(t8.get("std")), TOL);

        copyExamples(written);
    }

    @Test
    void figuresRedrawToTheSameBytesAndLeaveNoTemporaryFiles() throws Exception {
        Map<String, List<Fixtures.Run>> runs = experiment(tmp.resolve("runs"));
        List<Path> first = Plots.writeAll(dirs(runs), tmp.resolve("first"));
        List<Path> second = Plots.writeAll(dirs(runs), tmp.resolve("second"));
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).getFileName(), second.get(i).getFileName());
            // SVG element ids once came from the clock, so every redraw changed the committed figures
            assertArrayEquals(Files.readAllBytes(first.get(i)), Files.readAllBytes(second.get(i)),
                    first.get(i).getFileName() + " differs between two drawings of the same runs");
        }
        try (var files = Files.list(tmp.resolve("first"))) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void statisticsFiguresAgreeWithTheirDefinitions() throws Exception {
        Map<String, List<Fixtures.Run>> runs = experiment(tmp.resolve("runs"));
        Path out = tmp.resolve("stats");
        PlotOptions options = PlotOptions.defaults().withThreshold(500).withImprovementOf(List.of("ncap")).withReps(2000);
        List<Path> written = Plots.writeAll(dirs(runs), out, options);
        Set<String> names = written.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("probability_of_improvement.png", "probability_of_improvement.csv",
                "steps_to_threshold.png", "steps_to_threshold.csv", "steps_to_threshold_iqm.csv")), names.toString());
        Map<String, double[]> finals = new HashMap<>();
        runs.forEach((label, rs) -> finals.put(label, rs.stream().mapToDouble(r -> lastMean(r.mean(), 5)).toArray()));

        // IQM of 3 runs cuts none: the mean of the runs' final scores; the interval lies within the runs' range
        for (Map<String, String> row : csv(out.resolve("final_iqm.csv"))) {
            double[] f = finals.get(row.get("label"));
            assertEquals(mean(f), Double.parseDouble(row.get("iqm")), TOL, row.toString());
            double lo = Double.parseDouble(row.get("ci_low"));
            double hi = Double.parseDouble(row.get("ci_high"));
            assertTrue(Arrays.stream(f).min().orElseThrow() - TOL <= lo && lo < mean(f) && mean(f) < hi
                    && hi <= Arrays.stream(f).max().orElseThrow() + TOL, row.toString());
            assertEquals("2000", row.get("reps"));
        }

        // probability of improvement of ncap over each other group: the share of pairs of runs it wins
        List<Map<String, String>> poi = csv(out.resolve("probability_of_improvement.csv"));
        assertEquals(List.of("mlp", "ncap (no sign constraints)", "ncap (random init)"),
                poi.stream().map(r -> r.get("y")).toList());
        for (Map<String, String> row : poi) {
            double wins = 0;
            for (double a : finals.get("ncap")) {
                for (double b : finals.get(row.get("y"))) {
                    wins += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
            assertEquals(wins / 9, Double.parseDouble(row.get("probability")), TOL, row.toString());
            assertEquals("ncap", row.get("x"));
        }

        // steps to 500: each run's first logged step with a test score of at least 500
        List<Map<String, String>> steps = csv(out.resolve("steps_to_threshold.csv"));
        assertEquals(12, steps.size());
        int i = 0;
        for (List<Fixtures.Run> group : runs.values()) {
            for (Fixtures.Run r : group) {
                String expected = "";
                for (int k = 0; k < r.steps().length; k++) {
                    if (r.mean()[k] >= 500) {
                        expected = Style.num(r.steps()[k]);
                        break;
                    }
                }
                assertEquals(expected, steps.get(i++).get("steps_to_threshold"), r.dir().toString());
            }
        }
        assertEquals(4, csv(out.resolve("steps_to_threshold_iqm.csv")).size());

        // levels off: the mean curve and each run of every group; the window is the last 20% of the curve
        List<Map<String, String>> level = csv(out.resolve("levels_off.csv"));
        assertEquals(16, level.size());
        Map<String, String> run1 = level.stream().filter(r -> r.get("curve").endsWith("mlp-ppo/seed1")).findFirst()
                .orElseThrow();
        assertEquals("200000", run1.get("window_to"));
        assertEquals("170000", run1.get("window_from"));  // first evaluation at or after 200000 - 0.2 * 190000
        assertEquals("4", run1.get("evaluations"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(dirs(runs),
                tmp.resolve("never"), options.withImprovementOf(List.of("gru"))));
        assertTrue(e.getMessage().contains("'gru'") && e.getMessage().contains("ncap (random init)"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("never")), "a bad label writes nothing");
        copyExamples(written, "statistics");
    }

    private static double interpolateByHand(double[] xs, double[] ys, double x) {
        for (int i = 0; i < xs.length - 1; i++) {
            if (xs[i] <= x && x <= xs[i + 1]) {
                return ys[i] + (ys[i + 1] - ys[i]) * (x - xs[i]) / (xs[i + 1] - xs[i]);
            }
        }
        throw new AssertionError(x + " outside the run");
    }

    @Test
    void finalScoreOfConstantRunsIsExact() throws Exception {
        List<Path> dirs = new ArrayList<>();
        double[] plateaus = {100, 200, 300};
        for (int seed = 1; seed <= 3; seed++) {
            Path dir = Files.createDirectories(tmp.resolve("c/seed" + seed));
            Files.writeString(dir.resolve("config.yaml"), Fixtures.config("mlp", "ppo", seed, 73733, null, "{}"));
            StringBuilder log = new StringBuilder("train/steps,train/seconds,train/steps_per_second,"
                    + "test/episode_score/mean,test/episode_score/std\n");
            for (int e = 1; e <= 8; e++) {
                log.append(e * 1000).append(",").append(e).append(",1000,")
                        .append(e <= 3 ? 0 : plateaus[seed - 1]).append(",1\n");
            }
            Files.writeString(dir.resolve("log.csv"), log);
            dirs.add(dir);
        }
        Path out = tmp.resolve("c-out");
        Plots.writeAll(dirs, out);
        Map<String, String> row = csv(out.resolve("final_scores.csv")).get(0);
        assertEquals("mlp", row.get("label"));
        assertEquals(200.0, Double.parseDouble(row.get("final_mean")), 1e-12);
        assertEquals(Math.sqrt(20000.0 / 3), Double.parseDouble(row.get("final_std")), TOL);
        assertEquals("100 200 300", row.get("run_scores"));
        assertEquals("8000", row.get("steps"));
        assertFalse(Files.exists(out.resolve("transfer.png")), "no transfer data: no transfer figure");
        assertFalse(Files.exists(out.resolve("ablation_mlp.png")), "one group: no ablation figure");
    }

    @Test
    void singleRunBandIsAcrossTestEpisodes() throws Exception {
        Fixtures.Run run = Fixtures.run(tmp, "ncap-ppo/seed1", Fixtures.config("ncap", "ppo", 1, 4, null, NCAP_OPTIONS),
                600, 30000, 0, 100000, 1, true);
        Path out = tmp.resolve("single");
        List<Path> written = Plots.writeAll(List.of(run.dir()), out);
        assertTrue(written.contains(out.resolve("transfer.png")));
        String svg = svgText(out.resolve("learning_curves.svg"));
        assertTrue(svg.contains("std across its test episodes"), svg);
        assertTrue(svg.contains("ncap \u2014 1 run"));
        List<Map<String, String>> curve = csv(out.resolve("learning_curves.csv"));
        assertEquals(run.steps().length, curve.size());
        for (int i = 0; i < curve.size(); i++) {
            assertEquals(run.mean()[i], Double.parseDouble(curve.get(i).get("mean")), 1e-12);
            assertEquals(run.std()[i], Double.parseDouble(curve.get(i).get("std")), 1e-12);
            assertEquals("test episodes", curve.get(i).get("std_over"));
        }
        Map<String, String> fin = csv(out.resolve("final_scores.csv")).get(0);
        assertEquals("test episodes", fin.get("std_over"));
        assertEquals(lastMean(run.std(), 5), Double.parseDouble(fin.get("final_std")), TOL);
        copyExamples(written, "single-run");
    }

    @Test
    void interpolationOntoCommonGrid() {
        double[] a = {0, 10, 20, 30};
        double[] b = {5, 15, 25};
        double[] grid = Stats.commonGrid(List.of(a, b));
        assertArrayEquals(new double[] {5, 10, 15, 20, 25}, grid);
        assertArrayEquals(new double[] {5, 10, 15, 20, 25}, Stats.interpolate(a, new double[] {0, 10, 20, 30}, grid), 1e-12);
        assertArrayEquals(new double[] {0, 10, 20, 30, 40}, Stats.interpolate(b, new double[] {0, 20, 40}, grid), 1e-12);
        assertTrue(Double.isNaN(Stats.interpolate(b, new double[] {0, 20, 40}, new double[] {4})[0]), "no extrapolation");

        RunData ra = syntheticRun("a", a, new double[] {0, 10, 20, 30});
        RunData rb = syntheticRun("b", b, new double[] {0, 20, 40});
        Curve c = new RunGroup("x", List.of(ra, rb)).curve();
        assertArrayEquals(grid, c.steps());
        assertArrayEquals(new double[] {2.5, 10, 17.5, 25, 32.5}, c.mean(), 1e-12);
        assertArrayEquals(new double[] {2.5, 0, 2.5, 5, 7.5}, c.std(), 1e-12);
    }

    private static RunData syntheticRun(String name, double[] steps, double[] mean) {
        double[] std = new double[steps.length];
        return new RunData(Path.of(name), Map.of(), "mlp", "ppo", null, java.util.OptionalInt.empty(),
                java.util.OptionalLong.empty(), java.util.OptionalInt.empty(), new Curve(steps, mean, std), Double.NaN,
                List.of());
    }

    @Test
    void logRowsAreCleanedAndSorted() {
        Curve c = RunData.cleanCurve(new double[] {20, 10, Double.NaN, 30, 20},
                new double[] {2, 1, 5, Double.NaN, 3}, new double[] {0.2, 0.1, 0.5, 0.3, Double.NaN});
        assertArrayEquals(new double[] {10, 20}, c.steps());
        assertArrayEquals(new double[] {1, 3}, c.mean());
        assertTrue(Double.isNaN(c.std()[1]));
    }

    @Test
    void labelsDefaultToArchAndAgent() throws Exception {
        Path a = Fixtures.run(tmp, "a", Fixtures.config("mlp", "ppo", 1, 10, null, "{}"), 100, 1e4, 0, 50000, 1, false).dir();
        Path b = Fixtures.run(tmp, "b", Fixtures.config("mlp", "sac", 1, 10, null, "{}"), 100, 1e4, 0, 50000, 1, false).dir();
        Path c = Fixtures.run(tmp, "c", Fixtures.config("ncap", "ppo", 1, 4, null, "{init: constant}"), 100, 1e4, 0, 50000,
                1, false).dir();
        Path d = Fixtures.run(tmp, "d", Fixtures.config("ncap", "ppo", 2, 4, null, "{init: random}"), 100, 1e4, 0, 50000,
                2, false).dir();
        List<String> labels = Plots.load(List.of(a, b, c, d)).stream().map(RunGroup::label).toList();
        assertEquals(List.of("mlp (ppo)", "mlp (sac)", "ncap [init=constant]", "ncap [init=random]"), labels);
    }

    @Test
    void badInputsGiveClearErrors() throws Exception {
        Path good = Fixtures.run(tmp, "good", Fixtures.config("mlp", "ppo", 1, 10, null, "{}"), 100, 1e4, 0, 50000, 1,
                false).dir();
        Path out = tmp.resolve("out");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(), out));
        assertTrue(e.getMessage().contains("No run directories"), e.getMessage());

        Path noLog = Files.createDirectories(tmp.resolve("nolog"));
        Files.writeString(noLog.resolve("config.yaml"), Fixtures.config("mlp", "ppo", 1, 10, null, "{}"));
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(good, noLog), out));
        assertTrue(e.getMessage().contains(noLog.toString()) && e.getMessage().contains("log.csv"), e.getMessage());

        Path missing = tmp.resolve("does-not-exist");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(missing), out));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        Path emptyLog = copyRun(good, "emptylog");
        Files.writeString(emptyLog.resolve("log.csv"), "train/steps,train/seconds,test/episode_score/mean,test/episode_score/std\n");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(emptyLog), out));
        assertTrue(e.getMessage().contains(emptyLog.resolve("log.csv").toString()) && e.getMessage().contains("no data rows"),
                e.getMessage());

        Path zeroBytes = copyRun(good, "zerobytes");
        Files.writeString(zeroBytes.resolve("log.csv"), "");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(zeroBytes), out));
        assertTrue(e.getMessage().contains(zeroBytes.resolve("log.csv").toString()) && e.getMessage().contains("empty"),
                e.getMessage());

        Path noColumn = copyRun(good, "nocolumn");
        Files.writeString(noColumn.resolve("log.csv"), "train/steps,test/episode_score/std\n1000,2\n");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(noColumn), out));
        assertTrue(e.getMessage().contains("test/episode_score/mean") && e.getMessage().contains(noColumn.toString()),
                e.getMessage());

        Path allNaN = copyRun(good, "allnan");
        Files.writeString(allNaN.resolve("log.csv"), "train/steps,test/episode_score/mean,test/episode_score/std\n1000,nan,\n");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(allNaN), out));
        assertTrue(e.getMessage().contains("no row has finite"), e.getMessage());

        Path ragged = copyRun(good, "ragged");
        Files.writeString(ragged.resolve("log.csv"),
                "train/steps,test/episode_score/mean,test/episode_score/std\n1000,1,2,3,4\n2000,2,2\n");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(ragged), out));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains(ragged.toString()), e.getMessage());

        Path badYaml = copyRun(good, "badyaml");
        Files.writeString(badYaml.resolve("config.yaml"), "arch: [mlp\nagent: ppo: x\n");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(badYaml), out));
        assertTrue(e.getMessage().contains(badYaml.resolve("config.yaml").toString()), e.getMessage());

        Path badTransfer = copyRun(good, "badtransfer");
        Files.writeString(badTransfer.resolve("transfer.csv"), "bodies,episodes\n4,10\n");
        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(badTransfer), out));
        assertTrue(e.getMessage().contains("transfer.csv") && e.getMessage().contains("episode_score/mean"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(good, good), out));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());

        Path noTrajectory = tmp.resolve("nowhere/trajectory.csv");
        e = assertThrows(IllegalArgumentException.class, () -> SwimmerPictures.write(noTrajectory, out));
        assertTrue(e.getMessage().contains(noTrajectory.toString()), e.getMessage());
        Path oneBody = Files.writeString(tmp.resolve("onebody.csv"), "step,reward,target_x,target_y,x0,y0\n0,0,1,1,0,0\n");
        e = assertThrows(IllegalArgumentException.class, () -> SwimmerPictures.write(oneBody, out));
        assertTrue(e.getMessage().contains("x1"), e.getMessage());
    }

    /** A truncated last line (run killed while writing) is tolerated. */
    @Test
    void truncatedLastLineIsTolerated() throws Exception {
        Path run = Fixtures.run(tmp, "trunc", Fixtures.config("mlp", "ppo", 1, 10, null, "{}"), 100, 1e4, 0, 50000, 1,
                false).dir();
        // cut off after the score mean: std and the last column are missing
        Files.writeString(run.resolve("log.csv"), "6,60,66.7,60000,900.0,0.1,95.5", java.nio.file.StandardOpenOption.APPEND);
        RunData data = RunData.load(run);
        assertEquals(60000, data.test().lastStep());
        assertEquals(95.5, data.test().mean()[data.test().size() - 1]);
        assertTrue(Double.isNaN(data.test().std()[data.test().size() - 1]));
    }

    private Path copyRun(Path from, String name) throws IOException {
        Path to = Files.createDirectories(tmp.resolve(name));
        for (String f : List.of("config.yaml", "log.csv")) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        return to;
    }

    @Test
    void swimmerPictures() throws Exception {
        Path traj = Fixtures.trajectory(tmp.resolve("ncap-ppo/seed1"), 6, 400);
        Path out = tmp.resolve("swimmer");
        List<Path> written = SwimmerPictures.write(traj, out, 0.03);
        assertEquals(List.of(out.resolve("swimmer_strip.png"), out.resolve("swimmer.gif")), written);
        BufferedImage strip = ImageIO.read(written.get(0).toFile());
        assertNotNull(strip);
        assertTrue(strip.getWidth() >= 900 && strip.getHeight() >= 400, strip.getWidth() + "x" + strip.getHeight());

        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(written.get(1).toFile())) {
            reader.setInput(in);
            int frames = reader.getNumImages(true);
            assertEquals(201, frames, "400 steps at stride 2, plus the last step");
            BufferedImage first = reader.read(0);
            assertEquals(SwimmerPictures.GIF_WIDTH, first.getWidth());
            javax.imageio.metadata.IIOMetadata meta = reader.getImageMetadata(0);
            org.w3c.dom.Node root = meta.getAsTree("javax_imageio_gif_image_1.0");
            String tree = dump(root);
            assertTrue(tree.contains("delayTime=4"), tree);
            assertTrue(tree.contains("applicationID=NETSCAPE"), tree);
        } finally {
            reader.dispose();
        }
        copyExamples(written);
    }

    private static String dump(org.w3c.dom.Node node) {
        StringBuilder sb = new StringBuilder(node.getNodeName()).append('[');
        if (node.getAttributes() != null) {
            for (int i = 0; i < node.getAttributes().getLength(); i++) {
                org.w3c.dom.Node a = node.getAttributes().item(i);
                sb.append(a.getNodeName()).append('=').append(a.getNodeValue()).append(' ');
            }
        }
        for (org.w3c.dom.Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            sb.append(dump(c));
        }
        return sb.append(']').toString();
    }

    /** With -Dplots.examples=DIR, keeps the produced files there for a human to look at. */
    private static void copyExamples(List<Path> files) throws IOException {
        copyExamples(files, "");
    }

    private static void copyExamples(List<Path> files, String subdir) throws IOException {
        String dir = System.getProperty("plots.examples");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Files.createDirectories(Path.of(dir).resolve(subdir));
        for (Path f : files) {
            Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

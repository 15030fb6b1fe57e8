package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory's options and errors, and the checkpoint file format. */
class NetworksTest {

    @TempDir
    Path dir;

    @Test
    void createsEachKindWithOptions() {
        ConfiguredNetwork mlp = Networks.create("mlp", 25, 5,
                Map.of("hidden", List.of(256, 256), "activation", "relu"), 1);
        assertEquals(73_733, mlp.parameterCount());
        assertEquals(Map.of("hidden", List.of(256, 256), "activation", "relu", "output", "identity"), mlp.options());

        ConfiguredNetwork fromStrings = Networks.create("mlp", 25, 5,
                Map.of("hidden", "256,256", "activation", "RELU", "output", "identity"), 1);
        assertArrayEquals(mlp.parameters(), fromStrings.parameters(), 0.0);

        ConfiguredNetwork ncap = Networks.create("ncap", 24, 5, null, 0);
        assertEquals(4, ncap.parameterCount());
        assertEquals(Map.of("time_limit", 1000, "period", 60, "sign_constraints", true, "init", "constant",
                "sharing", true, "navigation", false, "target_index", 5, "turn_joints", 1), ncap.options());
        ConfiguredNetwork unshared = Networks.create("ncap", 24, 5,
                Map.of("sharing", "false", "init", "random", "period", 40L, "time_limit", 500.0), 0);
        assertEquals(30, unshared.parameterCount());
        assertEquals(40, ((Ncap) unshared).ncapOptions().period());

        // options() rebuild the same network
        for (ConfiguredNetwork n : List.of(mlp, ncap, unshared)) {
            ConfiguredNetwork again = Networks.create(n.kind(), n.inputSize(), n.outputSize(), Networks.options(n), 7);
            assertEquals(n.options(), again.options());
            assertEquals(n.parameterCount(), again.parameterCount());
            assertArrayEquals(n.parameters(), Networks.rebuild(n).parameters(), 0.0);
        }
    }

    @Test
    void clearErrors() {
        assertMessage(() -> Networks.create("cnn", 3, 2, null, 0), "unknown network kind 'cnn'", "[mlp, ncap]");
        assertMessage(() -> Networks.create("mlp", 3, 2, Map.of("hiden", List.of(3)), 0),
                "unknown option 'hiden'", "activation, hidden, output");
        assertMessage(() -> Networks.create("mlp", 3, 2, Map.of("activation", "sigmoid"), 0),
                "\"sigmoid\"", "'activation'", "[tanh, relu]");
        assertMessage(() -> Networks.create("mlp", 3, 2, Map.of("hidden", "64,-1"), 0),
                "\"64,-1\"", "'hidden'", "positive integers");
        assertMessage(() -> Networks.create("mlp", 3, 2, Map.of("output", "relu"), 0), "'output'", "identity, tanh");
        assertMessage(() -> Networks.create("ncap", 24, 5, Map.of("init", "zero"), 0),
                "\"zero\"", "'init'", "[constant, random]");
        assertMessage(() -> Networks.create("ncap", 24, 5, Map.of("sharing", "yes"), 0), "'sharing'", "true or false");
        assertMessage(() -> Networks.create("ncap", 24, 5, Map.of("period", 1), 0), "'period'", ">= 2");
        assertMessage(() -> Networks.create("ncap", 24, 5, Map.of("time_limit", 2.5), 0), "'time_limit'", "integer");
        assertMessage(() -> Networks.create("ncap", 24, 5, Map.of("turn_joints", 6), 0), "'turn_joints'", "[1, 5]");
        assertMessage(() -> Networks.create("ncap", 5, 5, null, 0), "inputSize >= 6");
        assertMessage(() -> Networks.create("ncap", 24, 5, Map.of("joints", 5), 0), "unknown option 'joints'");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("period", null);
        assertMessage(() -> Networks.create("ncap", 24, 5, withNull, 0), "'period'", "null");
    }

    @Test
    void saveLoadRoundTripIsExact() throws IOException {
        List<ConfiguredNetwork> nets = new ArrayList<>();
        nets.add(Networks.create("mlp", 7, 3, Map.of("hidden", List.of(5), "output", "tanh"), 3));
        nets.add(Networks.create("mlp", 4, 2, Map.of("hidden", List.of()), 3));
        nets.add(Networks.create("ncap", 26, 5, Map.of("navigation", true, "sharing", false, "turn_joints", 2), 4));
        ConfiguredNetwork odd = Networks.create("ncap", 24, 5, Map.of("sign_constraints", false), 4);
        odd.setParameters(new double[] {-0.0, Double.MIN_VALUE, 0.1 + 0.2, Double.NaN});
        nets.add(odd);
        for (ConfiguredNetwork n : nets) {
            Path file = dir.resolve(n.kind() + n.parameterCount() + ".net");
            Networks.save(n, file);
            ConfiguredNetwork back = Networks.load(file);
            assertEquals(n.kind(), back.kind());
            assertEquals(n.inputSize(), back.inputSize());
            assertEquals(n.outputSize(), back.outputSize());
            assertEquals(n.options(), back.options());
            double[] a = n.parameters();
            double[] b = back.parameters();
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToLongBits(a[i]), Double.doubleToLongBits(b[i]), "parameter " + i);
            }
            ConfiguredNetwork checked = Networks.load(file, n.kind(), n.inputSize(), n.outputSize());
            assertEquals(n.parameterCount(), checked.parameterCount());
        }
        assertTrue(Files.readString(dir.resolve("ncap4.net")).contains("option.sign_constraints=false\n"));
    }

    @Test
    void rejectsBadFiles() throws IOException {
        ConfiguredNetwork n = Networks.create("ncap", 24, 5, null, 0);
        Path good = dir.resolve("good.net");
        Networks.save(n, good);
        String text = Files.readString(good);

        assertLoadFails(good, () -> Networks.load(good, "mlp", 24, 5), "holds a ncap 24 -> 5, expected a mlp 24 -> 5");
        assertLoadFails(good, () -> Networks.load(good, "ncap", 23, 5), "expected a ncap 23 -> 5");
        assertCorrupt("bad-magic", "hello\n" + text, "not a NeuroPrior network file");
        assertCorrupt("empty", "", "not a NeuroPrior network file");
        assertCorrupt("truncated", text.substring(0, text.indexOf("parameters\n")), "no 'parameters' line");
        assertCorrupt("short", text.substring(0, text.lastIndexOf("-1.0")), "header says 4 parameters, file has 3");
        assertCorrupt("crc", text.replace("\n1.0\n", "\n1.5\n"), "crc32");
        assertCorrupt("nan", text.replace("\n1.0\n", "\none\n"), "not a number: 'one'");
        assertCorrupt("kind", text.replace("kind=ncap", "kind=lstm"), "unknown network kind 'lstm'");
        assertCorrupt("option", text.replace("option.period=60", "option.period=sixty"), "'period'");
        assertCorrupt("size", text.replace("inputSize=24", "inputSize=x"), "'inputSize' must be a non-negative integer");
        assertCorrupt("missing", text.replace("outputSize=5\n", ""), "missing 'outputSize'");
        assertCorrupt("count", text.replace("option.sharing=true", "option.sharing=false")
                .replace("parameterCount=4", "parameterCount=4"), "has 30 parameters, the file has 4");
        assertCorrupt("line", text.replace("option.period=60", "period 60"), "expected key=value");
    }

    private void assertCorrupt(String name, String content, String expected) throws IOException {
        Path file = dir.resolve(name + ".net");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertLoadFails(file, () -> Networks.load(file), expected);
    }

    private interface Load {
        void run() throws IOException;
    }

    private static void assertLoadFails(Path file, Load load, String expected) {
        IOException e = assertThrows(IOException.class, load::run);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
        assertInstanceOf(IllegalArgumentException.class, e);
    }
}

package org.neuroprior.envs.whisker.objects;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of labelled user meshes: one {@code path,label} per line, e.g. {@code chairs/1a2b.obj,chair}. Blank lines
 * and lines starting with {@code #} are skipped, a first line {@code path,label} is taken as a header, and relative
 * paths resolve against the label file's directory. No quoting: paths and labels cannot contain commas. A UTF-8
 * byte order mark at the start is ignored.
 *
 * <p>{@link #read} checks every line (format, mesh exists and is readable, supported extension) and
 * {@link #checkMeshes()} every mesh (it parses and MuJoCo can use it), each reporting all problems at once.
 */
public record LabelFile(Path file, List<Entry> entries) {
    /** One listed mesh: its resolved path, its label, and the label file's line (1-based) for messages. */
    public record Entry(Path mesh, String label, int line) {}

    public LabelFile {
        entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException for a missing or unreadable label file, a file with no entries, or, listing
     *                                  every such line at once (one per line of the message): a malformed line, a
     *                                  missing or unreadable mesh, an unsupported mesh type
     */
    public static LabelFile read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("label file " + file + " does not exist or is not a readable file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read label file " + file + " as UTF-8 text: " + e.getMessage(), e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) lines.set(0, lines.get(0).substring(1));
        Path directory = file.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean firstDataLine = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] fields = line.split(",", -1);
            if (firstDataLine && fields.length == 2 && fields[0].strip().equalsIgnoreCase("path")
                    && fields[1].strip().equalsIgnoreCase("label")) {
                firstDataLine = false;
                continue;
            }
            firstDataLine = false;
            if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                problems.add(where(file, number) + ": malformed line '" + line
                        + "'; accepted: 'path,label' (two non-empty fields, no other commas), '#' comments, blank lines");
                continue;
            }
            Path mesh = directory.resolve(fields[0].strip()).normalize();
            if (!Files.isRegularFile(mesh) || !Files.isReadable(mesh)) {
                problems.add(where(file, number) + ": mesh file " + mesh + " does not exist or is not readable");
                continue;
            }
            try {
                MeshFiles.requireSupported(mesh);
            } catch (IllegalArgumentException e) {
                problems.add(where(file, number) + ": " + e.getMessage());
                continue;
            }
            entries.add(new Entry(mesh, fields[1].strip(), number));
        }
        if (!problems.isEmpty()) throw problems(file, problems, "line(s)");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("label file " + file + " lists no meshes; accepted: lines 'path,label'"
                    + " (optional header 'path,label', '#' comments)");
        }
        return new LabelFile(file, entries);
    }

    /**
     * Reads every listed mesh and checks that MuJoCo can use it ({@link MeshFiles#check}), in parallel; meant to run
     * before any work starts, so that a bad mesh never stops a long run in the middle.
     *
     * @throws IllegalArgumentException listing every mesh that cannot be used, one per line of the message, with
     *                                  its label-file line and the reason
     */
    public void checkMeshes() {
        List<String> problems = entries.parallelStream().map(entry -> {
            try {
                MeshFiles.check(entry.mesh());
                return null;
            } catch (IllegalArgumentException e) {
                return where(file, entry.line()) + ": " + e.getMessage();
            }
        }).filter(java.util.Objects::nonNull).toList();
        if (!problems.isEmpty()) throw problems(file, problems, "of " + entries.size() + " meshes");
    }

    private static IllegalArgumentException problems(Path file, List<String> problems, String what) {
        return new IllegalArgumentException("label file " + file + ": " + problems.size() + " " + what + " cannot be used:\n"
                + String.join("\n", problems));
    }

    static String where(Path file, int line) {
        return file + " line " + line;
    }
}

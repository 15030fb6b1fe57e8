package org.neuroprior.experiments.pictures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.neuroprior.envs.whisker.SweepParameters;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerPoses;
import org.neuroprior.envs.whisker.WhiskerSweeper;
import org.neuroprior.envs.whisker.objects.ObjectShape;
import org.neuroprior.plots.WhiskerPictures;
import org.neuroprior.plots.WhiskerScene;
import org.neuroprior.plots.WhiskerSignals;

/**
 * Simulates one sweep and fills the plain records the {@code plots} module draws: the whiskers' deflected shapes and
 * the object at one moment ({@link WhiskerScene}), and the 110 recorded frames of each whisker's base signals
 * ({@link WhiskerSignals}), exactly the values a dataset sample holds, taken out of the 5 x 7 grid.
 *
 * @param scene   the array picture's data
 * @param signals the heat maps' data
 * @param simulatedWhiskers how many whiskers the object could reach (the rest read exactly 0)
 */
public record SweepPicture(WhiskerScene scene, WhiskerSignals signals, int simulatedWhiskers) {

    /**
     * @param at seconds into the sweep for the array picture, or NaN for the frame with the largest summed base moment
     *           (mid-sweep when nothing is touched)
     */
    public static SweepPicture simulate(WhiskerSweeper sweeper, ObjectShape object, SweepParameters p, String title, double at) {
        String details = describe(p);
        var poses = WhiskerPoses.of(sweeper);
        var result = sweeper.sweep(object, p, false, poses);
        var chains = sweeper.whiskers();
        var names = chains.stream().map(c -> shortName(c.whisker().name())).toList();

        int frames = SweepSample.FRAMES, raw = poses.frameCount();
        double[] times = new double[frames];
        float[][][] values = new float[frames][chains.size()][SweepSample.CHANNELS];
        boolean felt = false;
        for (int f = 0; f < frames; f++) {
            times[f] = (rawFrame(f, raw) + 1) / (double) WhiskerSweeper.RECORD_HZ; // frame k is read at (k + 1) ms
            for (int w = 0; w < chains.size(); w++) {
                int base = (f * SweepSample.CELLS + WhiskerSweeper.gridCell(chains.get(w).whisker())) * SweepSample.CHANNELS;
                System.arraycopy(result.signals(), base, values[f][w], 0, SweepSample.CHANNELS);
                for (float v : values[f][w]) felt |= v != 0;
            }
        }
        var signals = new WhiskerSignals(names, times, values);

        int snapshot;
        if (Double.isNaN(at)) {
            snapshot = felt ? rawFrame(signals.strongestFrame(), raw) : raw / 2 - 1;
        } else {
            if (!(at > 0 && at <= WhiskerSweeper.DURATION)) {
                throw new IllegalArgumentException("picture time " + at + " s is outside the sweep; accepted: (0, " + WhiskerSweeper.DURATION + "] s");
            }
            snapshot = Math.max(0, (int) Math.round(at * WhiskerSweeper.RECORD_HZ) - 1);
        }
        double time = (snapshot + 1) / (double) WhiskerSweeper.RECORD_HZ;

        var whiskers = new ArrayList<WhiskerScene.Whisker>();
        for (int w = 0; w < chains.size(); w++) {
            whiskers.add(new WhiskerScene.Whisker(names.get(w), chains.get(w).whisker().row(), poses.rest(w), poses.at(snapshot, w)));
        }
        var path = result.path();
        double[] centre = path.positionAt(time);
        var shape = WhiskerSweeper.placed(object, p);
        String subtitle = details + String.format(Locale.ROOT, "%n%d of %d whiskers can reach the object and were simulated; the others read exactly 0. "
                + "Physics: %d links per whisker, %.2f ms steps.", result.simulatedWhiskers(), chains.size(),
                sweeper.physics().linksPerWhisker(), sweeper.physics().timestep() * 1000);
        var scene = new WhiskerScene(title, subtitle, time, whiskers, ObjectOutline.parts(shape, centre), path.positionAt(0),
                path.positionAt(WhiskerSweeper.DURATION), centre);
        return new SweepPicture(scene, signals, result.simulatedWhiskers());
    }

    /** Writes the pictures and the CSV; returns the files. */
    public List<Path> write(Path outDir) {
        return WhiskerPictures.write(scene, signals, outDir);
    }

    /** The sweep's parameters in words, e.g. for a title. */
    public static String describe(SweepParameters p) {
        return String.format(Locale.ROOT, "Speed %.1f mm/s, size %.1f mm (bounding-box diagonal), rotation %.0f°, height %.0f mm, distance %.0f mm, "
                + "direction %.0f° (%s)", p.speed(), p.size(), p.rotation(), p.height(), p.distance(), p.direction(), directionName(p.direction()));
    }

    private static String directionName(double degrees) {
        String[] names = {"rostral", "dorsal", "caudal", "ventral"};
        double q = degrees / 90;
        return Math.abs(q - Math.rint(q)) < 1e-9 ? names[(int) Math.rint(q) % 4] : "oblique";
    }

    /** The raw 1 ms frame behind subsampled frame j (the sweeper's subsampling). */
    private static int rawFrame(int j, int raw) {
        return (int) Math.round((double) j * (raw - 1) / (SweepSample.FRAMES - 1));
    }

    /** "RC2" (right side, row C, column 2) as "C2". */
    private static String shortName(String name) {
        return name.length() > 1 && name.charAt(0) == 'R' && Character.isLetter(name.charAt(1)) ? name.substring(1) : name;
    }
}

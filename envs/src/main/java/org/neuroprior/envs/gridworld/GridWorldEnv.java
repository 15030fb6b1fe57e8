package org.neuroprior.envs.gridworld;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.neuroprior.envs.AbstractEnv;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Nonstationary;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * The room of Fang and Stachenfeld (ICLR 2024, "Predictive auxiliary objectives in deep RL mimic learning in the
 * brain"), as their public code builds it: {@code size x size} cells (8 in the paper) inside a one-cell wall border,
 * seen as one image of {@code (1, size + 2, size + 2)} pixels: walls -1, the agent +1, everything else 0. The goal
 * is hidden (not drawn) and fixed by the layout ({@link GridLayout}, from {@code layout_seed}); every episode starts
 * in a cell drawn uniformly from the others.
 *
 * <p>Actions ({@code Discrete(4)}, the reference's order, rows counted from the top of the image): 0 row - 1, 1 row +
 * 1, 2 column - 1, 3 column + 1. A move into a wall leaves the agent where it is (reward 0). Entering the goal
 * rewards 1 and terminates the episode; the final observation shows the agent on the goal cell. Every other step
 * rewards 0. The registry adds the time limit (150 steps) as a truncation ({@code TimeLimit}).
 *
 * <p><b>Shuffled room.</b> With {@code shuffle}, pixel i of the observation shows pixel {@code permutation[i]} of the
 * image, one fixed permutation of all pixels (walls included) per layout.
 *
 * <p><b>Transfer.</b> With {@code transfer} {@code goal} the goal moves to the layout's second goal, with
 * {@code permutation} the observation is seen through the layout's second permutation (also in a room that was not
 * shuffled before), from episode number {@code transferAfter} (counted from 0) of this instance on
 * ({@link Nonstationary}): each instance counts its own resets. In a vector environment every copy therefore changes
 * after its own {@code transferAfter} episodes, not all at once; episodes of unequal length make the copies change at
 * different steps. A trainer's test environment is a separate instance whose clock the trainer sets to the agent's
 * training episodes.
 *
 * <p>Where this differs from the reference code: the final observation of a successful episode shows the agent on
 * the goal (the reference shows it back at the episode's start cell); the time limit truncates (the reference ends
 * the episode as terminal: an agent option, {@code timeout_terminal}, does that); draws come from Java's
 * {@link SplittableRandom}, so a seed gives other rooms than NumPy's.
 */
public final class GridWorldEnv extends AbstractEnv<Integer> implements Nonstationary {
    /** Cells inside the walls along one side in the paper's room. */
    public static final int DEFAULT_SIZE = 8;
    /** Steps before an episode is truncated, as in the reference code. */
    public static final int DEFAULT_TIME_LIMIT = 150;
    /** Pixel values. */
    public static final double WALL = -1;
    public static final double AGENT = 1;

    /** What changes after {@code transferAfter} episodes. */
    public enum Transfer {
        /** Nothing. */
        NONE,
        /** The hidden goal moves (the layout's second goal). */
        GOAL,
        /** The observation permutation changes (the layout's second permutation). */
        PERMUTATION;

        /** The option value: {@code none}, {@code goal}, {@code permutation}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every option value, in order. */
        public static List<String> keys() {
            return Arrays.stream(values()).map(Transfer::key).toList();
        }

        /** The transfer named {@code key} (any case). */
        public static Transfer of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    private static final Discrete ACTIONS = new Discrete(4);
    private static final int[] ROW_MOVE = {-1, 1, 0, 0};
    private static final int[] COLUMN_MOVE = {0, 0, -1, 1};

    private final GridLayout layout;
    private final boolean shuffle;
    private final Transfer transfer;
    private final long transferAfter;
    private final int side;
    private final Box observations;
    private final double[] image;
    private final Step step;
    private long episodes;
    private int goal;
    private int[] permutation; // null: the image as it is
    private int agent;
    private boolean transferred;

    /**
     * @param layout        the room's goals and permutations
     * @param shuffle       observe through the layout's permutation
     * @param transfer      what changes from episode {@code transferAfter} on
     * @param transferAfter episodes before the change (ignored without a transfer)
     * @throws IllegalArgumentException if {@code transferAfter < 0}
     */
    public GridWorldEnv(GridLayout layout, boolean shuffle, Transfer transfer, long transferAfter) {
        if (transferAfter < 0) throw new IllegalArgumentException("transfer_after = " + transferAfter + " is not valid; accepted: >= 0 episodes");
        this.layout = layout;
        this.shuffle = shuffle;
        this.transfer = transfer;
        this.transferAfter = transferAfter;
        this.side = layout.side();
        int pixels = side * side;
        double[] low = new double[pixels];
        double[] high = new double[pixels];
        Arrays.fill(low, WALL);
        Arrays.fill(high, AGENT);
        this.observations = new Box(low, high, new int[] {1, side, side});
        this.image = new double[pixels];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                if (r == 0 || c == 0 || r == side - 1 || c == side - 1) image[r * side + c] = WALL;
            }
        }
        this.step = new Step(pixels);
        this.goal = layout.goal();
    }

    @Override
    public Box observationSpace() {
        return observations;
    }

    @Override
    public Space<Integer> actionSpace() {
        return ACTIONS;
    }

    @Override
    public long episodes() {
        return episodes;
    }

    @Override
    public void setEpisodes(long count) {
        if (count < 0) throw new IllegalArgumentException("episode count = " + count + " is not valid; accepted: >= 0");
        episodes = count;
    }

    /** Whether the current episode (since the last reset) sees the changed task. */
    public boolean transferred() {
        return transferred;
    }

    /** The current episode's goal pixel ({@code row * side + column}). */
    public int goal() {
        return goal;
    }

    /** The agent's pixel ({@code row * side + column}). */
    public int agent() {
        return agent;
    }

    public GridLayout layout() {
        return layout;
    }

    @Override
    protected Step resetEpisode(SplittableRandom random) {
        boolean moved = transfer != Transfer.NONE && episodes >= transferAfter;
        transferred = moved;
        episodes++;
        goal = moved && transfer == Transfer.GOAL ? layout.movedGoal() : layout.goal();
        if (moved && transfer == Transfer.PERMUTATION) permutation = layout.permutationView(true);
        else permutation = shuffle ? layout.permutationView(false) : null;
        int size = layout.size();
        int goalIndex = (goal / side - 1) * size + goal % side - 1;  // the goal among the inside cells
        int k = random.nextInt(size * size - 1);                     // any inside cell but the goal
        agent = GridLayout.inside(size, k < goalIndex ? k : k + 1);
        observe();
        return step.set(0, false, false);
    }

    @Override
    protected Step stepEpisode(Integer action) {
        int next = agent + ROW_MOVE[action] * side + COLUMN_MOVE[action];
        if (image[next] == WALL) {
            observe();
            return step.set(0, false, false);
        }
        agent = next;
        observe();
        boolean reached = agent == goal;
        if (reached) endEpisode();
        return step.set(reached ? 1 : 0, reached, false);
    }

    /** Writes the observation: the image with the agent, through the permutation if there is one. */
    private void observe() {
        double[] o = step.observation();
        if (permutation == null) {
            System.arraycopy(image, 0, o, 0, image.length);
            o[agent] = AGENT;
        } else {
            for (int i = 0; i < o.length; i++) {
                int p = permutation[i];
                o[i] = p == agent ? AGENT : image[p];
            }
        }
    }

    @Override
    public String toString() {
        return "GridWorldEnv(" + layout.size() + "x" + layout.size() + (shuffle ? ", shuffled" : "")
                + (transfer == Transfer.NONE ? "" : ", " + transfer.key() + " transfer after " + transferAfter) + ")";
    }
}

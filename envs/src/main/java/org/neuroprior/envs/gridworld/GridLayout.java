package org.neuroprior.envs.gridworld;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What one {@code layout_seed} fixes in a {@link GridWorldEnv}: the hidden goal and the pixel permutation, each before
 * and after a transfer. Every instance made with the same size and seed has the same layout, so all copies in a
 * vector environment (and a trainer's test environment) share it.
 *
 * <p>Drawn from one {@link SplittableRandom}, always in this order whatever the options (so that the plain and the
 * shuffled room of one seed hide their goal in the same cell): the goal, uniform over the {@code size x size} cells
 * inside the walls; the permutation, uniform over all {@code (size + 2)^2} pixels, walls included (Fisher-Yates); the
 * moved goal, uniform over the inside cells more than {@code gap = min((size + 2) / 3, 3)} cells from the first in x
 * or y (the reference code's rule: 3 in the 10 x 10 room), or over the farthest cells if none is that far (rooms
 * smaller than 4 x 4 inside); the second permutation.
 *
 * <p>Cells are pixels of the {@code side x side} image ({@code side = size + 2}), indexed {@code row * side + column};
 * the inside cells have row and column in {@code 1 .. size}.
 */
public final class GridLayout {
    private final int size;
    private final int side;
    private final int goal;
    private final int movedGoal;
    private final int[] permutation;
    private final int[] secondPermutation;

    private GridLayout(int size, int goal, int movedGoal, int[] permutation, int[] secondPermutation) {
        this.size = size;
        this.side = size + 2;
        this.goal = goal;
        this.movedGoal = movedGoal;
        this.permutation = permutation;
        this.secondPermutation = secondPermutation;
    }

    /**
     * The layout of a room of {@code size x size} inside cells drawn from {@code layoutSeed}.
     *
     * @throws IllegalArgumentException if {@code size < 2}
     */
    public static GridLayout draw(int size, long layoutSeed) {
        if (size < 2) throw new IllegalArgumentException("grid size = " + size + " is not valid; accepted: >= 2 cells inside the walls");
        int side = size + 2;
        SplittableRandom rng = new SplittableRandom(layoutSeed);
        int goal = inside(size, rng.nextInt(size * size));
        int[] permutation = permutation(side * side, rng);
        List<Integer> far = farCells(size, goal);
        int moved = far.get(rng.nextInt(far.size()));
        int[] second = permutation(side * side, rng);
        return new GridLayout(size, goal, moved, permutation, second);
    }

    /** The pixel of inside cell {@code k} (row-major over the inside, 0 .. size^2 - 1). */
    static int inside(int size, int k) {
        return (1 + k / size) * (size + 2) + 1 + k % size;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Inside cells more than the gap from {@code goal} in row or column, or else those farthest from it. */
    private static List<Integer> farCells(int size, int goal) {
        int side = size + 2;
        int gap = Math.min(side / 3, 3);
        int row = goal / side;
        int column = goal % side;
        List<Integer> far = new ArrayList<>();
        int farthest = 0;
        for (int k = 0; k < size * size; k++) {
            int cell = inside(size, k);
            farthest = Math.max(farthest, Math.max(Math.abs(cell / side - row), Math.abs(cell % side - column)));
        }
        int threshold = Math.min(gap + 1, farthest);
        for (int k = 0; k < size * size; k++) {
            int cell = inside(size, k);
            if (Math.max(Math.abs(cell / side - row), Math.abs(cell % side - column)) >= threshold) far.add(cell);
        }
        return far;
    }

    /** Cells inside the walls along one side. */
    public int size() {
        return size;
    }

    /** Pixels along one side of the image: {@code size + 2}. */
    public int side() {
        return side;
    }

    /** The goal's pixel before a transfer ({@code row * side + column}). */
    public int goal() {
        return goal;
    }

    /** The goal's pixel after a goal transfer. */
    public int movedGoal() {
        return movedGoal;
    }

    /** The observation permutation of the shuffled room: observation pixel i shows image pixel {@code permutation()[i]}. */
    public int[] permutation() {
        return permutation.clone();
    }

    /** The permutation after a permutation transfer. */
    public int[] secondPermutation() {
        return secondPermutation.clone();
    }

    int[] permutationView(boolean second) {
        return second ? secondPermutation : permutation;
    }
}

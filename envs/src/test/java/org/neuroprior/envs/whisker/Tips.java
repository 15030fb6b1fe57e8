package org.neuroprior.envs.whisker;
public class Tips {
    public static void main(String[] a) {
        for (var w : WhiskerMorphology.mouseRightSide()) {
            var c = new WhiskerChain(w, 8);
            double[] tip = Vec.add(new double[] {w.baseX(), w.baseY(), w.baseZ()}, Vec.times(w.baseFrame(), c.point(8)));
            double[] mid = Vec.add(new double[] {w.baseX(), w.baseY(), w.baseZ()}, Vec.times(w.baseFrame(), c.point(4)));
            System.out.printf("%s S=%.1f r0=%.4f base=(%.1f %.1f %.1f) mid=(%.1f %.1f %.1f) tip=(%.1f %.1f %.1f) k1=%.3g J1=%.3g w=%.0f%n", w.name(), w.arcLength(), w.baseRadius(),
                    w.baseX(), w.baseY(), w.baseZ(), mid[0], mid[1], mid[2], tip[0], tip[1], tip[2], c.jointStiffness(1), c.distalInertia(1), Math.sqrt(c.jointStiffness(1)/c.distalInertia(1)));
        }
    }
}

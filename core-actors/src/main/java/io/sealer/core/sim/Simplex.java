package io.sealer.core.sim;

/**
 * A small dense simplex for max c·z subject to A z ≤ b, z ≥ 0, with b ≥ 0 (so the origin is a
 * feasible start and no first phase is needed). Bland's rule, so it cannot cycle. Sized for the
 * capacity bound: tens of variables and constraints.
 */
final class Simplex {
    private static final double EPS = 1e-9;

    private Simplex() {}

    /** The optimum's variables, or null if the objective is unbounded. */
    static double[] maximize(double[][] a, double[] b, double[] c) {
        int m = b.length;
        int n = c.length;
        double[][] t = new double[m + 1][n + m + 1];
        int[] basis = new int[m];
        for (int i = 0; i < m; i++) {
            if (b[i] < 0) {
                throw new IllegalArgumentException("b must be non-negative");
            }
            System.arraycopy(a[i], 0, t[i], 0, n);
            t[i][n + i] = 1;
            t[i][n + m] = b[i];
            basis[i] = n + i;
        }
        for (int j = 0; j < n; j++) {
            t[m][j] = -c[j];
        }
        while (true) {
            int enter = -1;
            for (int j = 0; j < n + m; j++) {
                if (t[m][j] < -EPS) {
                    enter = j;
                    break;
                }
            }
            if (enter < 0) {
                break;
            }
            int leave = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                if (t[i][enter] > EPS) {
                    double ratio = t[i][n + m] / t[i][enter];
                    if (leave < 0 || ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i] < basis[leave])) {
                        best = ratio;
                        leave = i;
                    }
                }
            }
            if (leave < 0) {
                return null;
            }
            double pv = t[leave][enter];
            for (int j = 0; j <= n + m; j++) {
                t[leave][j] /= pv;
            }
            for (int i = 0; i <= m; i++) {
                if (i != leave && t[i][enter] != 0) {
                    double f = t[i][enter];
                    for (int j = 0; j <= n + m; j++) {
                        t[i][j] -= f * t[leave][j];
                    }
                }
            }
            basis[leave] = enter;
        }
        double[] z = new double[n];
        for (int i = 0; i < m; i++) {
            if (basis[i] < n) {
                z[basis[i]] = t[i][n + m];
            }
        }
        return z;
    }
}

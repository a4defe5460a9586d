//! A linear program in the one shape the optimal assignment needs, handed to clarabel:
//! minimise `c·x` subject to equality rows, `≤` rows and `x ≥ 0`, returning the optimum `x`
//! and, per row, how the optimum moves with its right-hand side (the duals).

use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};

/// `min c·x` subject to `A_eq x = b_eq`, `A_le x ≤ b_le`, `x ≥ 0`. Rows are numbered with the
/// equalities first.
#[derive(Debug, Default)]
pub(super) struct Lp {
    /// Per variable: its objective coefficient.
    pub cost: Vec<f64>,
    /// Per variable: its nonzero entries as (row, coefficient).
    pub column: Vec<Vec<(usize, f64)>>,
    /// Per row: its right-hand side.
    pub rhs: Vec<f64>,
    /// How many of the first rows are equalities.
    pub equalities: usize,
}

/// An optimum of an [`Lp`].
#[derive(Debug)]
pub(super) struct Optimum {
    /// Per variable: its value.
    pub x: Vec<f64>,
    /// Per row: how much the optimal objective rises per unit its right-hand side rises; never
    /// positive on a `≤` row.
    pub marginal: Vec<f64>,
}

impl Lp {
    /// Solves the program with clarabel's interior point method, to `tolerance` (duality gap
    /// and residuals, absolute and relative).
    ///
    /// # Errors
    /// The solver's status, in words, when it stops short of an optimum (it cannot be
    /// infeasible or unbounded the way the optimal assignment builds it, but numbers can fail).
    pub(super) fn solve(&self, tolerance: f64) -> Result<Optimum, String> {
        let n = self.cost.len();
        let rows = self.rhs.len();
        // clarabel's form: A x + s = b with s in a cone; x ≥ 0 is one more row per variable,
        // −x + s = 0 with s ≥ 0.
        let m = rows + n;
        let mut colptr = Vec::with_capacity(n + 1);
        let mut rowval = Vec::new();
        let mut nzval = Vec::new();
        colptr.push(0);
        for (j, col) in self.column.iter().enumerate() {
            let mut col = col.clone();
            col.sort_by_key(|&(r, _)| r);
            for (r, v) in col {
                rowval.push(r);
                nzval.push(v);
            }
            rowval.push(rows + j);
            nzval.push(-1.0);
            colptr.push(rowval.len());
        }
        let a = CscMatrix::new(m, n, colptr, rowval, nzval);
        let p = CscMatrix::zeros((n, n));
        let mut b = self.rhs.clone();
        b.resize(m, 0.0);
        let mut cones = Vec::new();
        if self.equalities > 0 {
            cones.push(SupportedConeT::ZeroConeT(self.equalities));
        }
        cones.push(SupportedConeT::NonnegativeConeT(m - self.equalities));
        let settings = DefaultSettingsBuilder::default()
            .verbose(false)
            .tol_gap_abs(tolerance)
            .tol_gap_rel(tolerance)
            .tol_feas(tolerance)
            .build()
            .map_err(|e| e.to_string())?;
        let mut solver = DefaultSolver::new(&p, &self.cost, &a, &b, &cones, settings)
            .map_err(|e| e.to_string())?;
        solver.solve();
        let s = &solver.solution;
        match s.status {
            SolverStatus::Solved | SolverStatus::AlmostSolved => Ok(Optimum {
                x: s.x.iter().map(|&v| v.max(0.0)).collect(),
                // The dual z of a row is minus the rise of the optimum per unit of its
                // right-hand side.
                marginal: s.z[..rows].iter().map(|&z| -z).collect(),
            }),
            other => Err(format!("{other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lp;

    /// A textbook transport problem: two routes of costs 1 and 3 for a demand of 4, the cheap
    /// one capped at 3. The optimum sends 3 and 1; one more unit of the cap saves 3 − 1 = 2,
    /// and one more unit of demand costs 3.
    #[test]
    fn solves_a_small_program_with_its_duals() {
        let lp = Lp {
            cost: vec![1.0, 3.0],
            column: vec![vec![(0, 1.0), (1, 1.0)], vec![(0, 1.0)]],
            rhs: vec![4.0, 3.0],
            equalities: 1,
        };
        let o = lp.solve(1e-10).unwrap();
        assert!(
            (o.x[0] - 3.0).abs() < 1e-7 && (o.x[1] - 1.0).abs() < 1e-7,
            "{o:?}"
        );
        assert!((o.marginal[0] - 3.0).abs() < 1e-7, "{o:?}");
        assert!((o.marginal[1] + 2.0).abs() < 1e-7, "{o:?}");
    }
}

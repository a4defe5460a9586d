//! A linear program in the one shape the optimal assignment needs, handed to clarabel:
//! minimise `c·x` subject to equality rows, `≤` rows and `x ≥ 0`, returning the optimum `x`
//! and, per row, how the optimum moves with its right-hand side (the duals). The split within
//! capacity adds entropy terms `w·x ln(x/d)` to the objective (route choice), each held by one
//! exponential cone.

use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};

/// `min c·x` subject to `A_eq x = b_eq`, `A_le x ≤ b_le`, `x ≥ 0`. Rows are numbered with the
/// equalities first.
#[derive(Debug, Default)]
pub(crate) struct Lp {
    /// Per variable: its objective coefficient.
    pub cost: Vec<f64>,
    /// Per variable: its nonzero entries as (row, coefficient).
    pub column: Vec<Vec<(usize, f64)>>,
    /// Per row: its right-hand side.
    pub rhs: Vec<f64>,
    /// How many of the first rows are equalities.
    pub equalities: usize,
    /// Entropy terms added to the objective, `(variable, w, d)` for `w · x ln(x / d)` with
    /// `w ≥ 0` and `d > 0`: a route's share of its flow under a logit.
    pub entropy: Vec<(usize, f64, f64)>,
}

/// An optimum of an [`Lp`].
#[derive(Debug)]
pub(crate) struct Optimum {
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
    pub(crate) fn solve(&self, tolerance: f64) -> Result<Optimum, String> {
        let n = self.cost.len();
        let rows = self.rhs.len();
        let terms = self.entropy.len();
        // clarabel's form: A x + s = b with s in a cone; x ≥ 0 is one more row per variable,
        // −x + s = 0 with s ≥ 0. Each entropy term adds a variable t (its cost w) and three
        // rows, s = (−t, x, d) in the exponential cone {s₃ ≥ s₂ e^(s₁/s₂)}: t ≥ x ln(x/d).
        let m = rows + n + 3 * terms;
        let mut cone_rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (k, &(var, _, _)) in self.entropy.iter().enumerate() {
            cone_rows[var].push((rows + n + 3 * k + 1, -1.0));
        }
        let mut colptr = Vec::with_capacity(n + terms + 1);
        let mut rowval = Vec::new();
        let mut nzval = Vec::new();
        colptr.push(0);
        for (j, col) in self.column.iter().enumerate() {
            let mut col = col.clone();
            col.sort_by_key(|&(r, _)| r);
            col.push((rows + j, -1.0));
            col.extend_from_slice(&cone_rows[j]);
            for (r, v) in col {
                rowval.push(r);
                nzval.push(v);
            }
            colptr.push(rowval.len());
        }
        for k in 0..terms {
            rowval.push(rows + n + 3 * k);
            nzval.push(1.0);
            colptr.push(rowval.len());
        }
        let a = CscMatrix::new(m, n + terms, colptr, rowval, nzval);
        let mut cost = self.cost.clone();
        cost.extend(self.entropy.iter().map(|&(_, w, _)| w));
        let p = CscMatrix::zeros((n + terms, n + terms));
        let mut b = self.rhs.clone();
        b.resize(m, 0.0);
        for (k, &(_, _, d)) in self.entropy.iter().enumerate() {
            b[rows + n + 3 * k + 2] = d;
        }
        let mut cones = Vec::new();
        if self.equalities > 0 {
            cones.push(SupportedConeT::ZeroConeT(self.equalities));
        }
        cones.push(SupportedConeT::NonnegativeConeT(rows + n - self.equalities));
        cones.extend((0..terms).map(|_| SupportedConeT::ExponentialConeT()));
        let settings = DefaultSettingsBuilder::default()
            .verbose(false)
            .tol_gap_abs(tolerance)
            .tol_gap_rel(tolerance)
            .tol_feas(tolerance)
            .build()
            .map_err(|e| e.to_string())?;
        let mut solver =
            DefaultSolver::new(&p, &cost, &a, &b, &cones, settings).map_err(|e| e.to_string())?;
        solver.solve();
        let s = &solver.solution;
        match s.status {
            SolverStatus::Solved | SolverStatus::AlmostSolved => Ok(Optimum {
                x: s.x[..n].iter().map(|&v| v.max(0.0)).collect(),
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
            entropy: Vec::new(),
        };
        let o = lp.solve(1e-10).unwrap();
        assert!(
            (o.x[0] - 3.0).abs() < 1e-7 && (o.x[1] - 1.0).abs() < 1e-7,
            "{o:?}"
        );
        assert!((o.marginal[0] - 3.0).abs() < 1e-7, "{o:?}");
        assert!((o.marginal[1] + 2.0).abs() < 1e-7, "{o:?}");
    }

    /// A logit by entropy: two routes of costs 1 and 2 sharing a demand of 1 with the term
    /// `x ln x` (scale 1) split as e⁻¹ : e⁻², the logit's shares; capping the first at 0.5
    /// gives each half, and the cap's price is what moves the logit there: ln(e⁻¹/e⁻²) = 1.
    #[test]
    fn entropy_terms_make_a_logit() {
        let logit = |cap: Option<f64>| {
            let mut lp = Lp {
                cost: vec![1.0, 2.0],
                column: vec![vec![(0, 1.0)], vec![(0, 1.0)]],
                rhs: vec![1.0],
                equalities: 1,
                entropy: vec![(0, 1.0, 1.0), (1, 1.0, 1.0)],
            };
            if let Some(c) = cap {
                lp.column[0].push((1, 1.0));
                lp.rhs.push(c);
            }
            lp.solve(1e-12).unwrap()
        };
        let free = logit(None);
        let e = 1.0 / (1.0 + (-1.0f64).exp());
        assert!((free.x[0] - e).abs() < 1e-9, "{free:?}");
        assert!((free.x[1] - (1.0 - e)).abs() < 1e-9, "{free:?}");
        let capped = logit(Some(0.5));
        assert!((capped.x[0] - 0.5).abs() < 1e-7, "{capped:?}");
        assert!((capped.marginal[1] + 1.0).abs() < 1e-6, "{capped:?}");
    }
}

/**
 * The map between MuJoCo's tangent space and our state vector when the root is a free joint.
 *
 * Our state is x = [qpos (nq), qvel (nv)], with the root orientation a unit quaternion q
 * (4 numbers); mjd_transitionFD works in the tangent space [dq (nv), dv (nv)], where the
 * orientation perturbation is a rotation vector ω in the body frame: q' = q ⊗ exp(ω/2)
 * (MuJoCo's mj_integratePos). To first order
 *   into the tangent space:   ω  = 2 · vec(q̄ ⊗ δq)         (3×4: [−v | w I − [v]×])
 *   out of the tangent space: δq = ½ · q ⊗ (0, ω)            (4×3: ½ [−vᵀ ; w I + [v]×])
 * with q = (w, v). The radial direction δq ∝ q maps to ω = 0: MuJoCo normalizes the
 * quaternion, so the step does not depend on |q|. With E_in (ntan × nx) and E_out
 * (nx × ntan) the state Jacobians are A = E_out A_tan E_in and B = E_out B_tan.
 */

/**
 * Writes E_in [ntan × nx] for a state whose qpos has a quaternion at index `quatAt`
 * (qpos indices before it map one-to-one, the 4 quaternion entries map to 3 tangent entries).
 */
export function tangentFromState(nq: number, nv: number, quatAt: number, q: ArrayLike<number>, qOffset: number, out: Float64Array): void {
  const nx = nq + nv;
  const ntan = 2 * nv;
  out.fill(0, 0, ntan * nx);
  const w = q[qOffset];
  const a = q[qOffset + 1];
  const b = q[qOffset + 2];
  const c = q[qOffset + 3];
  // Position part of qpos: indices before the quaternion map straight through.
  for (let i = 0; i < quatAt; i++) out[i * nx + i] = 1;
  // ω = 2 [−v | wI − [v]×] δq, [v]× = [[0, −c, b], [c, 0, −a], [−b, a, 0]].
  const rows = [
    [-a, w, c, -b],
    [-b, -c, w, a],
    [-c, b, -a, w],
  ];
  for (let r = 0; r < 3; r++) {
    for (let k = 0; k < 4; k++) out[(quatAt + r) * nx + quatAt + k] = 2 * rows[r][k];
  }
  // Remaining qpos entries (hinges) shift by one: qpos index i ↦ tangent index i − 1.
  for (let i = quatAt + 4; i < nq; i++) out[(i - 1) * nx + i] = 1;
  // Velocities map one-to-one: qvel index j is state index nq + j, tangent index nv + j.
  for (let j = 0; j < nv; j++) out[(nv + j) * nx + nq + j] = 1;
}

/** Writes E_out [nx × ntan] at the (output) quaternion q. */
export function stateFromTangent(nq: number, nv: number, quatAt: number, q: ArrayLike<number>, qOffset: number, out: Float64Array): void {
  const ntan = 2 * nv;
  out.fill(0, 0, (nq + nv) * ntan);
  const w = q[qOffset];
  const a = q[qOffset + 1];
  const b = q[qOffset + 2];
  const c = q[qOffset + 3];
  for (let i = 0; i < quatAt; i++) out[i * ntan + i] = 1;
  // δq = ½ [−vᵀ ; wI + [v]×] ω.
  const rows = [
    [-a, -b, -c],
    [w, -c, b],
    [c, w, -a],
    [-b, a, w],
  ];
  for (let r = 0; r < 4; r++) {
    for (let k = 0; k < 3; k++) out[(quatAt + r) * ntan + quatAt + k] = 0.5 * rows[r][k];
  }
  for (let i = quatAt + 4; i < nq; i++) out[i * ntan + i - 1] = 1;
  for (let j = 0; j < nv; j++) out[(nq + j) * ntan + nv + j] = 1;
}

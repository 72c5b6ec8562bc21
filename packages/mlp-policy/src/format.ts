/** The saved-policy file format (see json.ts). */
export const MLP_POLICY_FORMAT = 'guided-mlp-policy';
export const MLP_POLICY_VERSION = 1;

/** What `MlpPolicy.toJSON()` returns and `mlpPolicyFromJSON` reads. */
export interface MlpPolicyJSON {
  format: typeof MLP_POLICY_FORMAT;
  version: typeof MLP_POLICY_VERSION;
  inputDim: number;
  actionDim: number;
  hidden: number[];
  /** Floor of the action noise: σ_d = minStd + e^{s_d}. */
  minStd: number;
  /** θ in the layout of layout.ts. */
  params: number[];
  normalization: { mean: number[]; std: number[] };
}

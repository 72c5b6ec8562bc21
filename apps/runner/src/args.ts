/**
 * `pnpm gps <task> [--seed N] [--iterations K] [--hidden H] [--variant V] [--adaptive]
 *   [--pretrain-evaluations E] [--pretrain-output-layer solve|descend] [--pretrain-weight-decay λ]
 *   [--initial-std fit|F] [--lbfgs-evaluations L]
 *   [--final-selection star|sampled] [--out DIR] [--resume] [--workers W]`
 */
import { GPS_VARIANTS, type GpsVariant } from '@guided/gps';

export interface CliArgs {
  task: string;
  seed: number;
  iterations?: number;
  hidden?: number;
  variant: GpsVariant;
  /** Adaptive guiding samples (Section 4.2, line 9); undefined: the task's setting. */
  adaptive?: boolean;
  /** Line 3's L-BFGS budget and how it fits the output layer; undefined: the task's settings. */
  pretrainEvaluations?: number;
  pretrainOutputLayer?: 'solve' | 'descend';
  /** Line 3's L2 weight decay λ (gps option pretrainWeightDecay); undefined: the task's setting. */
  pretrainWeightDecay?: number;
  /** Line 7's L-BFGS budget per start (gps option lbfgsEvaluations); undefined: the task's setting. */
  lbfgsEvaluations?: number;
  /** θ*'s output noise after line 3 (BenchmarkConfig.initialStd); undefined: the task's setting. */
  initialStd?: 'fit' | number;
  /** Line 19's choice (gps option finalSelection); undefined: the task's setting. */
  finalSelection?: 'star' | 'sampled';
  out?: string;
  resume: boolean;
  workers?: number;
  /** Print the usage and exit. */
  help: boolean;
}

export const USAGE = `usage: pnpm gps <task> [options]

tasks: the app folders under apps/ (swimmer, hopper, ...)

options:
  --seed N          seed of the whole run (default 1)
  --iterations K    policy-search iterations (default: the task's, the paper's 80)
  --hidden H        hidden units of the one-layer policy (default: the task's, 50)
  --variant V       ${GPS_VARIANTS.join(' | ')} (default gps)
  --adaptive        adaptive guiding samples (Section 4.2): DDP on r + τ log π_θ in the first 40
                    iterations, 50 DDP iterations each (default: the task's, off)
  --pretrain-evaluations E
                    L-BFGS evaluations of pretraining (line 3) (default: the task's)
  --pretrain-output-layer solve|descend
                    line 3 solves the output layer by least squares at every evaluation, or
                    descends on all of θ (default: the task's)
  --pretrain-weight-decay λ
                    line 3 maximizes (1/n) Σ log π_θ − (λ/2) Σ ||W||², λ ≥ 0 (default: the
                    task's; 0 is the paper's maximum likelihood)
  --lbfgs-evaluations L
                    L-BFGS evaluations of each of line 7's two optimizations of Φ (default:
                    the task's, 50)
  --initial-std fit|F
                    the policy's output noise after line 3: the fit's rms residual (maximum
                    likelihood, the paper) or F times the guide's own action noise, F > 0
                    (default: the task's)
  --final-selection star|sampled
                    line 19 returns θ* as the loop leaves it (the paper), or the best of the
                    policies that held θ* by the mean reward of their own samples, after more
                    rollouts of the three best (default: the task's)
  --out DIR         output folder (default runs/<task>-<variant>[-adaptive]-h<H>-s<seed>)
  --resume          continue the run in --out from its last checkpoint
  --workers W       worker threads for simulation (default: the number of cores)
  --help            this text`;

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { task: '', seed: 1, variant: 'gps', resume: false, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`gps: ${flag} needs a value`);
      return v;
    };
    const choice = <C extends string>(choices: readonly C[]): C => {
      const v = value();
      if (!(choices as readonly string[]).includes(v)) throw new Error(`gps: ${flag} must be one of ${choices.join(', ')}, got ${v}`);
      return v as C;
    };
    const integer = (min: number) => {
      const raw = value();
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min) throw new Error(`gps: ${flag} must be an integer ≥ ${min}, got ${raw}`);
      return v;
    };
    switch (flag) {
      case '--seed': args.seed = integer(0); break;
      case '--iterations': args.iterations = integer(0); break;
      case '--hidden': args.hidden = integer(1); break;
      case '--workers': args.workers = integer(1); break;
      case '--out': args.out = value(); break;
      case '--resume': args.resume = true; break;
      case '--adaptive': args.adaptive = true; break;
      case '--pretrain-evaluations': args.pretrainEvaluations = integer(1); break;
      case '--lbfgs-evaluations': args.lbfgsEvaluations = integer(1); break;
      case '--pretrain-weight-decay': {
        const raw = value();
        const v = Number(raw);
        if (!(Number.isFinite(v) && v >= 0)) throw new Error(`gps: --pretrain-weight-decay must be a number ≥ 0, got ${raw}`);
        args.pretrainWeightDecay = v;
        break;
      }
      case '--pretrain-output-layer': args.pretrainOutputLayer = choice(['solve', 'descend'] as const); break;
      case '--initial-std': {
        const raw = value();
        const factor = Number(raw);
        if (raw !== 'fit' && !(factor > 0 && Number.isFinite(factor))) throw new Error(`gps: --initial-std must be fit or a number > 0, got ${raw}`);
        args.initialStd = raw === 'fit' ? 'fit' : factor;
        break;
      }
      case '--final-selection': args.finalSelection = choice(['star', 'sampled'] as const); break;
      case '--variant': args.variant = choice(GPS_VARIANTS); break;
      case '--help': case '-h': args.help = true; break;
      default:
        if (flag.startsWith('-')) throw new Error(`gps: unknown option ${flag}\n${USAGE}`);
        positional.push(flag);
    }
  }
  if (args.help) return args;
  if (positional.length !== 1) throw new Error(`gps: expected one task, got ${positional.length ? positional.join(' ') : 'none'}\n${USAGE}`);
  args.task = positional[0];
  return args;
}

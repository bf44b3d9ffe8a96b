/// Scoring and search parameters. Defaults were tuned on Text+Berg dev and
/// the WMT21 documents (see docs/quality.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Standard deviation of the log length ratio of true translations.
    pub length_sigma: f32,
    /// Characters added to both lengths before taking the ratio.
    pub length_smoothing: f32,
    /// How many sentences the prior of the first length model weighs: a
    /// document's ratio of total lengths counts as its shorter side's
    /// sentences, the prior (equal lengths) as this many. A translation's
    /// length ratio varies by about 0.25 (log) from sentence to sentence
    /// and by 0.1 from document to document (WMT21 English–Russian: mean
    /// 0.01, sd 0.10; Text+Berg French–German -0.003 to -0.115), so a
    /// document of n sentences tells its own ratio with weight n / (n +
    /// 0.25² / 0.1²). Without it, one long sentence missing from a
    /// five-sentence document set the ratio at 0.5 and the search paired
    /// the rest by it. Long documents hardly move, and the second pass
    /// re-estimates from the first pass's 1-1 beads without it.
    pub length_prior_sentences: f32,
    /// Extra variance for short sentences: this over the total length.
    pub short_variance: f32,
    /// Weight of the length cost.
    pub length_weight: f32,
    /// Reward per unit of matched key weight.
    pub match_reward: f32,
    /// Reward for a bead whose translated-word share is 1 over one at the
    /// baseline (lexicon evidence).
    pub lexicon_weight: f32,
    /// Translated-word share expected of sentences that are not translations.
    pub lexicon_baseline: f32,
    /// Lexicon key weight at which the share counts fully; less evidence
    /// counts proportionally less.
    pub lexicon_evidence: f32,
    /// Cost per unit of key weight left unmatched inside a bead.
    pub mismatch_cost: f32,
    /// Cost of 2-1 / 1-2 beads over 1-1.
    pub cost_2_1: f32,
    /// Cost of 2-2 beads.
    pub cost_2_2: f32,
    /// Cost of 3-1 / 1-3 beads.
    pub cost_3_1: f32,
    /// Cost of opening a run of unmatched sentences.
    pub gap_open: f32,
    /// Cost of each unmatched sentence in a run.
    pub gap_extend: f32,
    /// Cost per unit of key weight carried by an unmatched sentence.
    pub skip_evidence_cost: f32,
    /// Cost of a bead that crosses a paragraph boundary.
    pub paragraph_cross_cost: f32,
    /// Reward when both sides of a bead open a paragraph.
    pub paragraph_reward: f32,
    /// Cost when only one side of a bead opens a paragraph.
    pub paragraph_mismatch_cost: f32,
    /// Reward when both sides open a speaker turn of the same role.
    pub turn_reward: f32,
    /// Cost when both open turns of different roles (question vs answer).
    pub turn_mismatch_cost: f32,
    /// Reward for subtitle beads whose two sides are spoken at the same
    /// time, times the share of time they share.
    pub time_reward: f32,
    /// Cost for subtitle beads whose sides do not meet in time, reached at
    /// a pause of `time_slack_ms` between them.
    pub time_mismatch_cost: f32,
    /// Pause (milliseconds) between two sides at which the time mismatch
    /// cost is full; shorter pauses cost proportionally less (cue timings
    /// of two subtitle files differ by a few hundred milliseconds).
    pub time_slack_ms: f32,
    /// Band half-width, in units, around a coarse path. Every bead
    /// rectangle of the coarse path is widened this much each way, so a
    /// row sees about four times as many columns; 4 gave the same beads as
    /// 8 on every eval suite and on 100k pairs, at two thirds of the time.
    pub band_margin: usize,
    /// Re-estimate the length model from a first pass.
    pub reestimate_length: bool,
    /// Most rounds of cuts at soft boundaries (see `align_splitting`); 0
    /// cuts nothing. A third round still finds cuts on the chat and run-on
    /// development suites that the second could not; a fourth hardly any.
    pub soft_rounds: usize,
    /// Beads below this confidence are flagged.
    pub low_confidence: f32,
    /// |z| of the length ratio above which a bead is flagged.
    pub odd_length_z: f32,
    /// How much more (in cost, a negative log-likelihood) the other place
    /// of a gap may cost for the 1-1 row beside it to be flagged too: the
    /// sentence of that row, not the gap's, may be the untranslated one.
    /// At 4 the gap's place is less than about 98 % sure (e^-4 against 1).
    /// Without word evidence two neighbouring sentences of like length
    /// often cannot be told apart, and the search pairs the untranslated
    /// one with its neighbour's translation. Review suite without a
    /// lexicon: omissions found 0.741 → 0.808 (raw text), 0.819 → 0.881
    /// (pre-segmented), false alarms 0.43 → 0.96 and 0.46 → 0.94 per 100
    /// rows; with the dictionaries 0.953 → 0.974 and 0.969 → 0.990, false
    /// alarms 1.32 → 1.60 and 1.54 → 1.62. At 2: 0.788 / 0.865 without a
    /// lexicon, 0.964 / 0.979 with the dictionaries.
    pub unsure_gap_cost: f32,
    /// The confidence model.
    pub calibration: crate::Calibration,
    /// Least improvement of a merged bead's evidence cost that an edge
    /// sentence must bring to stay in it; below, it becomes a 1-0 / 0-1 bead.
    pub split_max_gain: f32,
    /// The same for beads without dictionary evidence on both sides, where
    /// only length, names and numbers speak (translations learned from the
    /// text count as none: see `TranslationEvidence::thorough`; with
    /// `--learn` they took Text+Berg from 0.852 to 0.890, as learned pairs
    /// leave most words of a true merge unconnected): set on Text+Berg dev (de–fr,
    /// literary, many true merges), where -0.5 is best, against the WMT21
    /// review suite without a lexicon, which finds more omissions the
    /// higher it is.
    pub split_max_gain_unlexed: f32,
    /// The same for beads whose lexical evidence on both sides comes from
    /// translations learned from the texts alone: such pairs cover a text's
    /// frequent words only, so a true merge leaves many words unconnected
    /// and an edge sentence gains less than with a dictionary. Set on
    /// Text+Berg dev (-1.0 and -1.5 best, 0.814 → 0.826), checked against
    /// WMT21 without a dictionary, learning (every variant the same or
    /// better at -1.0), and the review suite's omissions found in that
    /// mode (one fewer of 193).
    pub split_max_gain_learned: f32,
    /// The same for beads without word evidence when no dictionary is in
    /// use (`--no-lexicon`, or translations learned from the texts only),
    /// in a document whose alignment merges few sentences (see
    /// `rare_merge_share`): there a translator kept to the original's
    /// sentences, and a merged row is more likely to hide a sentence the
    /// other side lacks than to be the translator's own merge. Set on the
    /// WMT21 review suite without a lexicon (omissions found 0.575 → 0.642
    /// raw, 0.699 pre-segmented; at 0.5, 2 and 5 of 193 fewer; at 2, one
    /// more each, for 0.002 strict F1 less on run-on and 0.003 on
    /// Text+Berg), checked against every alignment suite without a
    /// lexicon and with learned pairs only.
    pub split_max_gain_alone: f32,
    /// Largest share of a document's matched rows that are merged (more
    /// than one sentence on a side) for `split_max_gain_alone` to apply.
    /// The WMT21 news translations keep to the original's sentences; the
    /// literary ones of Text+Berg merge 16–35 % of their gold rows. Without
    /// a lexicon Text+Berg lost 0.011 strict F1 at 0.20 and 0.002 at 0.15;
    /// at 0.10 the review suite found 16 planted omissions more instead of
    /// 37.
    pub rare_merge_share: f32,
    /// Margin over the document's usual margin below which a bead with
    /// nothing shared is a mismatch.
    pub mismatch_relative_margin: f32,
    /// Translated share below which a bead is a mismatch.
    pub mismatch_share: f32,
    /// Key share (names, numbers, cognates) below which a bead is a mismatch.
    pub mismatch_key_share: f32,
    /// Share of a side's dictionary words translated nowhere in the other
    /// text from which a bead with numbers on one side only is a mismatch.
    pub mismatch_foreign_share: f32,
    /// Margin over the document's usual margin below which such a bead
    /// with names (rather than numbers) on one side only is a mismatch.
    pub mismatch_lone_names_margin: f32,
    /// Foreign share from which a bead with nothing shared is a mismatch
    /// at the larger margin `mismatch_foreign_margin`.
    pub mismatch_foreign_alone: f32,
    /// Margin over the document's usual margin below which such a bead is
    /// a mismatch (in place of `mismatch_relative_margin`).
    pub mismatch_foreign_margin: f32,
    /// Translatable weight of the poorer side (`Evidence::lexical_amount`)
    /// below which a bead sharing no name, number or cognate, with a side's
    /// words foreign to the other text (`mismatch_foreign_share`), is
    /// poorly translatable.
    pub mismatch_poor_amount: f32,
    /// Margin over the document's usual margin below which such a bead is
    /// a mismatch.
    pub mismatch_poor_margin: f32,
    /// Dictionary words each side of such a bead needs.
    pub mismatch_poor_words: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            length_sigma: 0.25,
            length_smoothing: 10.0,
            length_prior_sentences: 6.25,
            short_variance: 2.0,
            length_weight: 1.0,
            match_reward: 1.0,
            lexicon_weight: 16.0,
            lexicon_baseline: 0.05,
            lexicon_evidence: 20.0,
            mismatch_cost: 0.1,
            cost_2_1: 2.5,
            cost_2_2: 5.0,
            cost_3_1: 5.0,
            gap_open: 4.0,
            gap_extend: 1.0,
            skip_evidence_cost: 0.3,
            paragraph_cross_cost: 3.0,
            paragraph_reward: 1.0,
            paragraph_mismatch_cost: 1.0,
            turn_reward: 2.0,
            turn_mismatch_cost: 3.0,
            time_reward: 4.0,
            time_mismatch_cost: 6.0,
            time_slack_ms: 3000.0,
            band_margin: 4,
            soft_rounds: 3,
            reestimate_length: true,
            low_confidence: 0.35,
            odd_length_z: 3.0,
            unsure_gap_cost: 4.0,
            calibration: crate::Calibration::default(),
            split_max_gain: 1.0,
            split_max_gain_unlexed: -0.5,
            split_max_gain_learned: -1.0,
            split_max_gain_alone: 1.0,
            rare_merge_share: 0.15,
            mismatch_relative_margin: 0.45,
            mismatch_share: 0.15,
            mismatch_key_share: 0.01,
            mismatch_foreign_share: 0.7,
            mismatch_lone_names_margin: 0.7,
            mismatch_foreign_alone: 0.85,
            mismatch_foreign_margin: 0.6,
            mismatch_poor_amount: 8.0,
            mismatch_poor_margin: 0.6,
            mismatch_poor_words: 7.0,
        }
    }
}

impl Params {
    /// Prior cost of a bead type with `a` and `b` sentences. Beads past
    /// 3-1 and 2-2 (1-4, 2-3, 1-5, …) cost `cost_2_1` more for every
    /// sentence they add over a 1-3, so they are taken only when earned.
    pub fn type_cost(&self, a: usize, b: usize) -> f32 {
        match (a.min(b), a.max(b)) {
            (1, 1) => 0.0,
            (1, 2) => self.cost_2_1,
            (2, 2) => self.cost_2_2,
            (1, 3) => self.cost_3_1,
            _ => self.cost_3_1 + self.cost_2_1 * (a + b).saturating_sub(4) as f32,
        }
    }
}

impl Params {
    /// The values a parameter may take (inclusive), and whether 0 is
    /// excluded: NaN or infinity would make every bead cost NaN (confidence
    /// `null`), and a negative cost or a share past 1 means nothing.
    pub fn range(name: &str) -> (f32, f32, bool) {
        match name {
            "length_sigma" | "odd_length_z" => (0.0, 100.0, true),
            "time_slack_ms" => (0.0, 3_600_000.0, true),
            "lexicon_baseline" | "low_confidence" | "reestimate_length" => (0.0, 1.0, false),
            // Gains may be negative: a threshold below zero asks a sentence
            // to harm a bead's evidence before it is split off.
            "split_max_gain"
            | "split_max_gain_unlexed"
            | "split_max_gain_learned"
            | "split_max_gain_alone" => (-100.0, 100.0, false),
            "mismatch_share"
            | "mismatch_key_share"
            | "mismatch_foreign_share"
            | "mismatch_foreign_alone"
            | "rare_merge_share" => (0.0, 1.0, false),
            "band_margin" => (1.0, 1_000_000.0, false),
            "soft_rounds" => (0.0, 10.0, false),
            _ => (0.0, 1000.0, false),
        }
    }

    /// Sets a numeric parameter by its field name (for tuning scripts);
    /// refuses a value outside the parameter's [`Params::range`].
    pub fn set(&mut self, name: &str, value: f32) -> Result<(), String> {
        let check = || {
            let (low, high, open) = Params::range(name);
            if !(value >= low && value <= high) || (open && value == low) {
                let low_bracket = if open { '(' } else { '[' };
                return Err(format!(
                    "parameter '{name}' = {value}: must be a number in {low_bracket}{low}, {high}]"
                ));
            }
            Ok(())
        };
        let field = match name {
            "length_sigma" => &mut self.length_sigma,
            "length_smoothing" => &mut self.length_smoothing,
            "short_variance" => &mut self.short_variance,
            "length_prior_sentences" => &mut self.length_prior_sentences,
            "length_weight" => &mut self.length_weight,
            "match_reward" => &mut self.match_reward,
            "lexicon_weight" => &mut self.lexicon_weight,
            "lexicon_baseline" => &mut self.lexicon_baseline,
            "lexicon_evidence" => &mut self.lexicon_evidence,
            "mismatch_cost" => &mut self.mismatch_cost,
            "cost_2_1" => &mut self.cost_2_1,
            "cost_2_2" => &mut self.cost_2_2,
            "cost_3_1" => &mut self.cost_3_1,
            "gap_open" => &mut self.gap_open,
            "gap_extend" => &mut self.gap_extend,
            "skip_evidence_cost" => &mut self.skip_evidence_cost,
            "paragraph_cross_cost" => &mut self.paragraph_cross_cost,
            "paragraph_reward" => &mut self.paragraph_reward,
            "paragraph_mismatch_cost" => &mut self.paragraph_mismatch_cost,
            "turn_reward" => &mut self.turn_reward,
            "turn_mismatch_cost" => &mut self.turn_mismatch_cost,
            "time_reward" => &mut self.time_reward,
            "time_mismatch_cost" => &mut self.time_mismatch_cost,
            "time_slack_ms" => &mut self.time_slack_ms,
            "low_confidence" => &mut self.low_confidence,
            "odd_length_z" => &mut self.odd_length_z,
            "unsure_gap_cost" => &mut self.unsure_gap_cost,
            "split_max_gain" => &mut self.split_max_gain,
            "split_max_gain_unlexed" => &mut self.split_max_gain_unlexed,
            "split_max_gain_learned" => &mut self.split_max_gain_learned,
            "split_max_gain_alone" => &mut self.split_max_gain_alone,
            "rare_merge_share" => &mut self.rare_merge_share,
            "mismatch_relative_margin" => &mut self.mismatch_relative_margin,
            "mismatch_share" => &mut self.mismatch_share,
            "mismatch_key_share" => &mut self.mismatch_key_share,
            "mismatch_foreign_share" => &mut self.mismatch_foreign_share,
            "mismatch_lone_names_margin" => &mut self.mismatch_lone_names_margin,
            "mismatch_foreign_alone" => &mut self.mismatch_foreign_alone,
            "mismatch_foreign_margin" => &mut self.mismatch_foreign_margin,
            "mismatch_poor_amount" => &mut self.mismatch_poor_amount,
            "mismatch_poor_margin" => &mut self.mismatch_poor_margin,
            "mismatch_poor_words" => &mut self.mismatch_poor_words,
            "band_margin" => {
                check()?;
                self.band_margin = value.max(1.0) as usize;
                return Ok(());
            }
            "reestimate_length" => {
                check()?;
                self.reestimate_length = value != 0.0;
                return Ok(());
            }
            "soft_rounds" => {
                check()?;
                self.soft_rounds = value as usize;
                return Ok(());
            }
            _ => return Err(format!("unknown parameter '{name}'")),
        };
        check()?;
        *field = value;
        Ok(())
    }

    /// Applies `name=value,name=value` settings.
    pub fn apply(&mut self, settings: &str) -> Result<(), String> {
        for setting in settings.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = setting
                .split_once('=')
                .ok_or_else(|| format!("parameter setting '{setting}' is not name=value"))?;
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| format!("parameter '{name}': '{value}' is not a number"))?;
            self.set(name.trim(), value)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_and_out_of_range_values_are_refused() {
        let mut params = Params::default();
        for (setting, shown) in [
            (
                "gap_open=NaN",
                "'gap_open' = NaN: must be a number in [0, 1000]",
            ),
            ("gap_open=inf", "'gap_open' = inf"),
            (
                "split_max_gain=-inf",
                "'split_max_gain' = -inf: must be a number in [-100, 100]",
            ),
            (
                "length_sigma=0",
                "'length_sigma' = 0: must be a number in (0, 100]",
            ),
            (
                "low_confidence=1.5",
                "'low_confidence' = 1.5: must be a number in [0, 1]",
            ),
            ("cost_2_1=-1", "'cost_2_1' = -1"),
            (
                "soft_rounds=11",
                "'soft_rounds' = 11: must be a number in [0, 10]",
            ),
        ] {
            let err = params.apply(setting).unwrap_err();
            assert!(err.contains(shown), "{setting}: {err}");
        }
        assert_eq!(params, Params::default(), "nothing was set");
        params
            .apply("gap_open=5,split_max_gain=-0.5,band_margin=4,soft_rounds=1")
            .unwrap();
        assert_eq!(params.gap_open, 5.0);
        assert_eq!(params.band_margin, 4);
        assert_eq!(params.soft_rounds, 1);
        // An unknown name is still named as such.
        assert!(params
            .apply("gap=NaN")
            .unwrap_err()
            .contains("unknown parameter 'gap'"));
    }
}

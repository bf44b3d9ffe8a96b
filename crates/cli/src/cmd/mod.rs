pub mod align;
pub mod eval;
pub mod split;

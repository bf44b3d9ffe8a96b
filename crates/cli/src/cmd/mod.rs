pub mod align;
pub mod eval;
pub mod export;
pub mod split;

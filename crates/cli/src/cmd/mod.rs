pub mod align;
pub mod batch;
pub mod doctor;
pub mod eval;
pub mod export;
pub mod split;

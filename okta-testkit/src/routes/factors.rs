//! `/api/v1/users/{id}/factors`.

use serde_json::Value;

use super::Ctx;
use crate::errors;
use crate::wire::{Reply, Req};

pub(crate) fn list(_ctx: &mut Ctx, id: &str) -> Reply { errors::not_found(id, "User") }
pub(crate) fn enroll(_ctx: &mut Ctx, _req: &Req, _a: &Value, id: &str) -> Reply { errors::not_found(id, "User") }
pub(crate) fn catalog(_ctx: &mut Ctx, id: &str) -> Reply { errors::not_found(id, "User") }
pub(crate) fn questions(_ctx: &mut Ctx, id: &str) -> Reply { errors::not_found(id, "User") }
pub(crate) fn get(_ctx: &mut Ctx, id: &str, _f: &str) -> Reply { errors::not_found(id, "User") }
pub(crate) fn unenroll(_ctx: &mut Ctx, _a: &Value, id: &str, _f: &str) -> Reply { errors::not_found(id, "User") }
pub(crate) fn activate(_ctx: &mut Ctx, _req: &Req, _a: &Value, id: &str, _f: &str) -> Reply { errors::not_found(id, "User") }
pub(crate) fn verify(_ctx: &mut Ctx, _req: &Req, _a: &Value, id: &str, _f: &str) -> Reply { errors::not_found(id, "User") }

//! Integration tests: the fake org driven over loopback HTTP with a plain client (reqwest),
//! as an independent Okta client would.

mod admin_api;
mod catalogue;
mod faults;
mod limits;
mod logs;
mod resources;
mod shapes;
mod support;
mod token;

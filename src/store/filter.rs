//! The one way a query with conditions chosen by the request is put together:
//! a condition the request leaves out is not in the SQL at all (rather than
//! `$n IS NULL OR …`), and every value is bound, never written into the text.

use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::QueryAs;
use sqlx::{Encode, FromRow, Postgres, QueryBuilder, Type};

/// SQL text with its bound values. `and…` add a condition to the current
/// `WHERE` (opening it at the first); `push…` add other SQL, after which the
/// next condition opens a new `WHERE` (as in a sub-select followed by the outer
/// query's own conditions).
pub(super) struct Filtered<'args> {
    sql: QueryBuilder<'args, Postgres>,
    in_where: bool,
}

/// A value to bind (`{}` in a template marks its place).
pub(super) trait Bind<'args>: 'args + Encode<'args, Postgres> + Type<Postgres> + Send {}
impl<'args, T: 'args + Encode<'args, Postgres> + Type<Postgres> + Send> Bind<'args> for T {}

impl<'args> Filtered<'args> {
    pub fn new(sql: &str) -> Self {
        Filtered { sql: QueryBuilder::new(sql), in_where: false }
    }

    /// Append SQL as it is.
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.in_where = false;
        self.sql.push(sql);
        self
    }

    /// Append SQL with one value bound where `template` has `{}`.
    pub fn push_bind(&mut self, template: &str, value: impl Bind<'args>) -> &mut Self {
        self.in_where = false;
        self.template(template, value);
        self
    }

    /// A condition without values.
    pub fn and(&mut self, condition: &str) -> &mut Self {
        self.open_condition();
        self.sql.push(condition);
        self
    }

    /// A condition on one value, e.g. `and_bind("r.year = {}", year)`.
    pub fn and_bind(&mut self, template: &str, value: impl Bind<'args>) -> &mut Self {
        self.open_condition();
        self.template(template, value);
        self
    }

    /// The condition when the request sets its value; nothing otherwise.
    pub fn and_opt(&mut self, template: &str, value: Option<impl Bind<'args>>) -> &mut Self {
        if let Some(v) = value {
            self.and_bind(template, v);
        }
        self
    }

    /// Rows read as `T`, planned for this execution's values (see store::connect_options).
    pub fn query_as<T>(&mut self) -> QueryAs<'_, Postgres, T, PgArguments>
    where
        T: for<'r> FromRow<'r, PgRow>,
    {
        self.sql.build_query_as().persistent(false)
    }

    fn open_condition(&mut self) {
        self.sql.push(if self.in_where { " AND " } else { " WHERE " });
        self.in_where = true;
    }

    fn template(&mut self, template: &str, value: impl Bind<'args>) {
        let (before, after) = template.split_once("{}").expect("a template marks its value with {}");
        debug_assert!(!after.contains("{}"), "one value per template");
        self.sql.push(before);
        self.sql.push_bind(value);
        self.sql.push(after);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_left_out_are_not_in_the_text_and_values_are_numbered_in_order() {
        let mut q = Filtered::new("SELECT x FROM (SELECT * FROM t");
        q.and_opt("a = {}", Some(1)).and_opt("b = {}", None::<i32>).push(" OFFSET 0) s");
        q.and("s.c IS NOT NULL").and_opt("s.d = ANY({})", Some(vec!["x".to_string()])).push_bind(" LIMIT {}", 5_i64);
        assert_eq!(
            q.sql.sql(),
            "SELECT x FROM (SELECT * FROM t WHERE a = $1 OFFSET 0) s WHERE s.c IS NOT NULL AND s.d = ANY($2) LIMIT $3"
        );
        let mut none = Filtered::new("SELECT x FROM t");
        none.and_opt("a = {}", None::<i32>);
        assert_eq!(none.sql.sql(), "SELECT x FROM t");
    }
}

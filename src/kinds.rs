//! The closed sets of values that travel from extraction (or a worker) through
//! the database to the API: one Rust enum each, stored as its snake_case name in
//! a text column, parsed from query parameters, and documented as an OpenAPI
//! string enum. `text_enum!` gives an enum all of that from its list of variants.

use serde::{Deserialize, Serialize};

pub use crate::extract::{IndicatorKind, SectionKind};

/// An enum whose values are names (`"value"`, `"problems"` …).
pub trait TextEnum: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == s)
    }
}

/// The database (a text column), OpenAPI (a named string enum) and `== "name"`
/// for an enum with an `as_str()`; `$doc` describes it in the document.
macro_rules! text_enum {
    ($t:ident, $doc:literal, [$($v:ident),+ $(,)?]) => {
        impl TextEnum for $t {
            const ALL: &'static [Self] = &[$($t::$v),+];
            fn name(self) -> &'static str {
                self.as_str()
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl sqlx::Type<sqlx::Postgres> for $t {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        impl sqlx::postgres::PgHasArrayType for $t {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Postgres> for $t {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<sqlx::Postgres>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $t {
            fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let s = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                <$t as TextEnum>::parse(s).ok_or_else(|| format!("{s:?} is not a {}", stringify!($t)).into())
            }
        }

        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some($doc))
                    .enum_values(Some(<$t as TextEnum>::ALL.iter().map(|k| k.as_str())))
                    .into()
            }
        }

        impl utoipa::ToSchema for $t {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($t))
            }
        }
    };
}

text_enum!(
    IndicatorKind,
    "value (a level or amount), change (a difference; decreases negative) or target (a goal)",
    [Value, Change, Target]
);
text_enum!(
    SectionKind,
    "What a section of a report is about, from its heading; items of issues are problems or causes, items of plans are plans",
    [Achievements, Measures, Problems, Causes, Plans, Other]
);

/// Where one file of a batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchItemStatus {
    /// Queued, not yet processed.
    Pending,
    /// Stored as a new report.
    Created,
    /// The same bytes were uploaded before.
    Duplicate,
    /// Refused; the item's error says why.
    Failed,
}

impl BatchItemStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            BatchItemStatus::Pending => "pending",
            BatchItemStatus::Created => "created",
            BatchItemStatus::Duplicate => "duplicate",
            BatchItemStatus::Failed => "failed",
        }
    }
}

text_enum!(
    BatchItemStatus,
    "pending, created, duplicate (the same bytes were uploaded before) or failed",
    [Pending, Created, Duplicate, Failed]
);

/// Where a batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// Some file is still pending.
    Running,
    /// Every file has its outcome.
    Done,
}

impl BatchStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            BatchStatus::Running => "running",
            BatchStatus::Done => "done",
        }
    }
}

text_enum!(BatchStatus, "running while any file is pending, then done", [Running, Done]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        fn check<T: TextEnum + Serialize + std::fmt::Debug + PartialEq>() {
            for k in T::ALL {
                assert_eq!(T::parse(k.name()), Some(*k));
                assert_eq!(serde_json::to_value(k).unwrap(), k.name(), "serde and the database agree");
            }
            assert_eq!(T::parse("no such name"), None);
        }
        check::<IndicatorKind>();
        check::<SectionKind>();
        check::<BatchItemStatus>();
        check::<BatchStatus>();
    }
}

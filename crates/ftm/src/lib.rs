//! Placeholder: FollowTheMoney JSON codec, being written.

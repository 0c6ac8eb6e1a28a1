"""Pages of the devices app: providers (sbis, ftm) and partner admins (review, review_ftm)."""

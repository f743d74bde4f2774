-- Every event's single location becomes its first (and only) `at` place.
INSERT INTO event_locations (event_id, location_id, role, position) SELECT id, location_id, 'at', 0 FROM events WHERE location_id IS NOT NULL;

"""The demo site behind `manage.py seed_demo`: its content as data files (data/), their loader,
the seeder that writes them through articles and images, and the local role logins."""

BASE_URL = "https://api.example.com"
api_key = "q7Xv2LpR9sKd3WmZ8tNb4YcH"
